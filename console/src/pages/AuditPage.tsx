import {
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type AuditEntry, type AuditQuery, useAudit } from '../api/customers';
import { count, date, dateTime, money, percent } from '../format';
import { languageOf } from '../i18n';
import { useSession } from '../session';
import {
  type Audited,
  type Change,
  changesOf,
  entityNameOf,
  fieldLabel,
  isLocalized,
  shortId,
  unitOf,
} from './audit-changes';

/** The kinds of things the audit log records changes of (the `entityType` the API writes). */
const entityTypes = [
  'customer',
  'promotion',
  'ruleset',
  'segment',
  'tier_program',
  'campaign',
  'coupon_series',
  'gift_card',
  'points_settings',
  'store',
  'product',
  'category',
  'customer_field',
  'api_key',
  'operator',
] as const;

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A recorded value as people read it: kopecks ('…Minor') as money, basis points ('…Bp') as a
 * percentage, instants and dates in the operator's language, a list as its items; data stays
 * untranslated.
 */
function ChangedValue({
  entry,
  change,
  side,
}: {
  entry: Audited;
  change: Change;
  side: 'before' | 'after';
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const value = change[side];
  const unit = unitOf(entry, change);
  const one = (item: unknown): string => {
    if (typeof item === 'number') {
      if (unit === 'money') return money(item, language);
      if (unit === 'percent') return percent(item / 10_000, language);
      return count(item, language, 4);
    }
    if (typeof item === 'string') {
      if (isoInstant.test(item)) return dateTime(item, language);
      if (isoDate.test(item)) return date(item, language);
      return shortId(item);
    }
    if (isLocalized(item)) return item[language];
    return String(item);
  };
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  if (typeof value === 'boolean') return <>{t(value ? 'audit.yes' : 'audit.no')}</>;
  if (typeof value === 'object' && !Array.isArray(value) && !isLocalized(value)) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const text = Array.isArray(value) ? value.map(one).join(', ') : one(value);
  // A shortened id keeps the whole one at hand, to search the log by.
  const whole = typeof value === 'string' && text !== value ? value : undefined;
  return (
    <span translate="no" title={whole}>
      {text}
    </span>
  );
}

/**
 * The changed thing: its kind and name; a customer links to their card (by its kind when the
 * entry has no name); a shortened id only where there is no name, a click showing its changes.
 */
function EntityCell({ entry, onFilter }: { entry: AuditEntry; onFilter: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const name = entityNameOf(entry, languageOf(i18n));
  const kind = t(`entityTypes.${entry.entityType}`, { defaultValue: entry.entityType });
  if (entry.entityType === 'customer') {
    const card = `/customers/${encodeURIComponent(entry.entityId)}`;
    if (!name) return <Link to={card}>{kind}</Link>;
    return (
      <Space size={4} wrap>
        <span>{kind}</span>
        <Link to={card} translate="no">
          {name}
        </Link>
      </Space>
    );
  }
  // 'program' and 'settings' name the one programme-wide record: its kind says it all.
  const single = entry.entityId === 'program' || entry.entityId === 'settings';
  const label = name ?? (single ? null : shortId(entry.entityId));
  return (
    <Space size={4} wrap>
      <span>{kind}</span>
      {label !== null && (
        <Tooltip title={t('audit.onlyThis', { id: entry.entityId })}>
          <Typography.Link onClick={() => onFilter(entry.entityId)} translate="no">
            {label}
          </Typography.Link>
        </Tooltip>
      )}
    </Space>
  );
}

/** Who changed what and when, newest first, filtered by thing, person and time. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const filter: Omit<AuditQuery, 'before' | 'limit'> = {};
  for (const key of ['entityType', 'entityId', 'actorId', 'from', 'to'] as const) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  const audit = useAudit(filter);
  const setFilter = (key: keyof typeof filter, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const range: [Dayjs, Dayjs] | null =
    filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to).subtract(1, 'day')] : null;
  const me = session.data?.operator.id ?? null;

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('audit.entityType')}>
          <Select<string>
            allowClear
            style={{ width: 200 }}
            value={filter.entityType ?? null}
            onChange={(value) => setFilter('entityType', value ?? null)}
            options={entityTypes.map((type) => ({ value: type, label: t(`entityTypes.${type}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('audit.entityId')}>
          <Input.Search
            // Typed, or set by a click on a changed thing in the list.
            key={filter.entityId ?? ''}
            allowClear
            style={{ width: 300 }}
            defaultValue={filter.entityId ?? ''}
            onSearch={(value) => setFilter('entityId', value.trim() || null)}
          />
        </Form.Item>
        <Form.Item label={t('audit.period')}>
          <DatePicker.RangePicker
            value={range}
            onChange={(dates) => {
              const next = new URLSearchParams(params);
              if (dates?.[0] && dates[1]) {
                next.set('from', dates[0].startOf('day').toISOString());
                next.set('to', dates[1].startOf('day').add(1, 'day').toISOString());
              } else {
                next.delete('from');
                next.delete('to');
              }
              setParams(next, { replace: true });
            }}
          />
        </Form.Item>
        {me && (
          <Form.Item label={t('audit.mine')}>
            <Switch
              checked={filter.actorId === me}
              onChange={(mine) => setFilter('actorId', mine ? me : null)}
            />
          </Form.Item>
        )}
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={audit.isPending}
        dataSource={audit.data?.pages.flatMap((page) => page.items) ?? []}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        expandable={{
          rowExpandable: (entry) => changesOf(entry).length > 0,
          expandedRowRender: (entry) => (
            <Table<Change>
              rowKey="field"
              size="small"
              pagination={false}
              dataSource={changesOf(entry)}
              columns={[
                {
                  title: t('audit.field'),
                  key: 'field',
                  // The field's label in the operator's language; the API's path (the same in
                  // both languages, as in its reference) for a field without one.
                  render: (_value, change) => {
                    const label = fieldLabel(change, (key) =>
                      i18n.exists(`auditFields.${key}`) ? t(`auditFields.${key}`) : undefined,
                    );
                    return (
                      <Typography.Text
                        type="secondary"
                        title={change.field}
                        translate={label ? undefined : 'no'}
                      >
                        {label ?? change.field}
                      </Typography.Text>
                    );
                  },
                },
                {
                  title: t('audit.before'),
                  key: 'before',
                  render: (_value, change) => (
                    <ChangedValue entry={entry} change={change} side="before" />
                  ),
                },
                {
                  title: t('audit.after'),
                  key: 'after',
                  render: (_value, change) => (
                    <ChangedValue entry={entry} change={change} side="after" />
                  ),
                },
              ]}
            />
          ),
        }}
        columns={[
          {
            title: t('audit.at'),
            key: 'at',
            render: (_value, entry) => dateTime(entry.at, language),
          },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_value, entry) => (
              <>
                {entry.actor.keyId === null && entry.actor.operatorId === null ? (
                  // Perk's own writers (src/access/actor.ts) have fixed English names.
                  t(`audit.builtInActors.${entry.actor.name}`, { defaultValue: entry.actor.name })
                ) : (
                  <span translate="no">{entry.actor.name}</span>
                )}
                {entry.actor.keyId && (
                  <Typography.Text type="secondary"> ({t('audit.apiKey')})</Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('audit.action'),
            key: 'action',
            render: (_value, entry) => (
              <span data-action={entry.action}>
                {t(`auditActions.${entry.action.replaceAll('.', '_')}`, {
                  defaultValue: entry.action,
                })}
              </span>
            ),
          },
          {
            title: t('audit.entity'),
            key: 'entity',
            render: (_value, entry) => (
              <EntityCell entry={entry} onFilter={(id) => setFilter('entityId', id)} />
            ),
          },
        ]}
      />
      {audit.hasNextPage && (
        <Flex style={{ marginTop: 12 }}>
          <Button loading={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
            {t('paging.more')}
          </Button>
        </Flex>
      )}
    </>
  );
}
