import { Button, DatePicker, Flex, Form, Input, Select, Switch, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type AuditEntry, type AuditQuery, useAudit } from '../api/customers';
import { dateTime } from '../format';
import { languageOf } from '../i18n';
import { useSession } from '../session';

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

/** Top-level fields that differ between the state before and after a change. */
function changedFields(entry: AuditEntry): { field: string; before: string; after: string }[] {
  const asRecord = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const before = asRecord(entry.before);
  const after = asRecord(entry.after);
  const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: show(before[field]), after: show(after[field]) }));
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
          rowExpandable: (entry) => changedFields(entry).length > 0,
          expandedRowRender: (entry) => (
            <Table
              rowKey="field"
              size="small"
              pagination={false}
              dataSource={changedFields(entry)}
              columns={[
                {
                  title: t('audit.field'),
                  dataIndex: 'field',
                  render: (v) => <code translate="no">{v}</code>,
                },
                {
                  title: t('audit.before'),
                  dataIndex: 'before',
                  render: (v) => <code translate="no">{v}</code>,
                },
                {
                  title: t('audit.after'),
                  dataIndex: 'after',
                  render: (v) => <code translate="no">{v}</code>,
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
              <>
                {t(`entityTypes.${entry.entityType}`, { defaultValue: entry.entityType })}{' '}
                {entry.entityType === 'customer' ? (
                  <Link to={`/customers/${encodeURIComponent(entry.entityId)}`} translate="no">
                    {entry.entityId}
                  </Link>
                ) : (
                  <Typography.Text type="secondary" translate="no">
                    {entry.entityId}
                  </Typography.Text>
                )}
              </>
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
