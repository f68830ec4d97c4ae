import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { dataOf, namePath } from '../../api/problem';
import { type PromotionDefinition, usePromotions } from '../../api/queries';
import { isFinished, progressOf, runStatusColors } from '../../api/runs';
import { date, dateTime } from '../../format';
import { MechanicFields } from '../../forms/mechanic-fields';
import { clearServerErrorsOnChange } from '../../forms/server-errors';
import { StackingGroupSelect } from '../../forms/stacking-group-select';
import { StoreSelect } from '../../forms/store-select';
import { useFormSave } from '../../forms/use-form-save';
import { languageOf } from '../../i18n';
import { can, useSession } from '../../session';
import { BacktestReport } from './BacktestReport';
import { type BacktestRun, backtestsKey, useBacktest, useBacktests } from './backtest-queries';

interface BacktestForm {
  basisId?: string;
  name: string;
  mechanic: PromotionDefinition['mechanic'];
  groupId: string;
  period: [Dayjs, Dayjs];
  storeIds?: string[];
}

// The draft's fields have the form's names; the period is one control for `from` and `to`.
function fieldOf(pointer: string): (string | number)[] {
  const name = namePath(pointer);
  if (name[0] === 'from' || name[0] === 'to') return ['period'];
  if (name[0] !== 'draft') return name;
  if (name[1] === 'stacking') return ['groupId'];
  return name.slice(1);
}

/**
 * The draft to try: a promotion tried as changed (it stands in place of itself, by its id), or a
 * new one; what the form does not show is kept as the promotion has it.
 */
function draftOf(
  values: BacktestForm,
  basis: PromotionDefinition | undefined,
): PromotionDefinition {
  return {
    ...basis,
    id: basis?.id ?? `draft-${Date.now().toString(36)}`,
    name: values.name,
    status: 'draft',
    mechanic: values.mechanic,
    stacking: {
      ...(basis?.stacking ?? { priority: 10, exclusive: false }),
      groupId: values.groupId,
    },
  };
}

/** The watch's sandbox, for the roles that may run a backtest. */
export default function BacktestPanel() {
  const session = useSession();
  return can(session.data, 'watch.backtest') ? <Backtests /> : null;
}

/** Try a draft promotion on the checks of a past period, and read the report. */
function Backtests() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const queries = useQueryClient();
  const [form] = Form.useForm<BacktestForm>();
  const promotions = usePromotions();
  const runs = useBacktests();
  const [shownId, setShownId] = useState<string | null>(null);
  const shown = useBacktest(shownId ?? runs.data?.[0]?.id ?? null);

  const promotionNames = new Map(
    (promotions.data ?? []).map((promotion) => [promotion.id, promotion.definition.name]),
  );
  const basisOf = (id: string | undefined) =>
    promotions.data?.find((promotion) => promotion.id === id)?.definition;

  const chooseBasis = (id: string | undefined) => {
    const basis = basisOf(id);
    form.setFieldValue('name', basis?.name ?? '');
    form.setFieldValue('mechanic', basis?.mechanic);
    form.setFieldValue('groupId', basis?.stacking.groupId ?? 'default');
  };

  const { save, saving, problem } = useFormSave(
    form,
    async (values) => {
      const [first, last] = values.period;
      const run = dataOf(
        await client.POST('/v1/watch/backtests', {
          body: {
            draft: draftOf(values, basisOf(values.basisId)),
            // Whole days of the operator's calendar, the last one included.
            from: first.startOf('day').toISOString(),
            to: last.add(1, 'day').startOf('day').toISOString(),
            ...(values.storeIds && values.storeIds.length > 0 ? { storeIds: values.storeIds } : {}),
          },
        }),
      );
      setShownId(run.id);
      await queries.invalidateQueries({ queryKey: backtestsKey });
    },
    fieldOf,
  );

  const run = shown.data;
  const draft = run?.request.draft;
  // A promotion tried as changed keeps its id: its row names what it was and what it became.
  const nameOf = (id: string) => {
    const stored = promotionNames.get(id);
    if (id !== draft?.id) return stored ?? id;
    return stored && stored !== draft.name ? `${stored} → ${draft.name}` : draft.name;
  };
  return (
    <Card title={t('backtest.title')} style={{ marginTop: 24 }} data-testid="backtest-panel">
      <Typography.Paragraph type="secondary">{t('backtest.intro')}</Typography.Paragraph>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<BacktestForm>
        name="backtest"
        form={form}
        layout="vertical"
        style={{ maxWidth: 760 }}
        initialValues={{
          groupId: 'default',
          period: [dayjs().subtract(90, 'day'), dayjs()],
        }}
        onFieldsChange={clearServerErrorsOnChange(form)}
      >
        <Form.Item name="basisId" label={t('backtest.basis')} extra={t('backtest.basisHint')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'title' }}
            placeholder={t('backtest.newDraft')}
            loading={promotions.isPending}
            onChange={chooseBasis}
            options={(promotions.data ?? []).map((promotion) => ({
              value: promotion.id,
              title: promotion.definition.name,
              label: <span translate="no">{promotion.definition.name}</span>,
            }))}
            style={{ maxWidth: 520 }}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('backtest.draftName')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <MechanicFields form={form} language={language} />
        <Form.Item
          name="groupId"
          label={t('editor.group')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <StackingGroupSelect />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('backtest.period')}
          extra={t('backtest.periodHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="storeIds" label={t('backtest.stores')}>
          <StoreSelect mode="multiple" placeholder={t('backtest.allStores')} />
        </Form.Item>
        <Button type="primary" onClick={() => save()} loading={saving}>
          {t('backtest.run')}
        </Button>
      </Form>

      {run && (
        <Card
          type="inner"
          style={{ marginTop: 24 }}
          title={
            <Space>
              <span translate="no">{runName(run, t)}</span>
              <Typography.Text type="secondary">
                {date(run.request.from, language)} — {date(lastDayOf(run), language)}
              </Typography.Text>
            </Space>
          }
          extra={
            <Tag color={runStatusColors[run.status]}>{t(`backtest.statuses.${run.status}`)}</Tag>
          }
        >
          {!isFinished(run) && (
            <Progress
              data-testid="backtest-progress"
              percent={progressOf(run)}
              format={() =>
                t('backtest.progress', { done: run.checksDone, total: run.checksTotal })
              }
            />
          )}
          {run.status === 'failed' && (
            <Alert type="error" title={t('backtest.failed')} description={run.error} />
          )}
          {run.report && (
            <BacktestReport
              report={run.report}
              draftId={run.request.draft?.id ?? null}
              nameOf={nameOf}
              language={language}
            />
          )}
        </Card>
      )}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('backtest.history')}
      </Typography.Title>
      <Table<BacktestRun>
        size="small"
        rowKey="id"
        loading={runs.isPending}
        dataSource={runs.data ?? []}
        locale={{ emptyText: t('backtest.noRuns') }}
        pagination={false}
        rowClassName={(row) => (row.id === run?.id ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: t('backtest.asked'),
            key: 'createdAt',
            render: (_value, row) => dateTime(row.createdAt, language),
          },
          {
            title: t('backtest.draftName'),
            key: 'draft',
            render: (_value, row) => (
              <Typography.Link onClick={() => setShownId(row.id)} translate="no">
                {runName(row, t)}
              </Typography.Link>
            ),
          },
          {
            title: t('backtest.period'),
            key: 'period',
            render: (_value, row) =>
              `${date(row.request.from, language)} — ${date(lastDayOf(row), language)}`,
          },
          {
            title: t('backtest.askedBy'),
            key: 'requestedBy',
            render: (_value, row) => <span translate="no">{row.requestedBy}</span>,
          },
          {
            title: t('backtest.checks'),
            key: 'checks',
            align: 'right',
            render: (_value, row) => `${row.checksDone} / ${row.checksTotal}`,
          },
          {
            title: t('backtest.status'),
            key: 'status',
            render: (_value, row) => (
              <Tag color={runStatusColors[row.status]}>{t(`backtest.statuses.${row.status}`)}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}

// The period ends before `to`: its last day is the one before.
function lastDayOf(run: BacktestRun): string {
  return new Date(Date.parse(run.request.to) - 1).toISOString();
}

/** A run is named by its draft, or, when it tried a whole ruleset, by the size of that. */
function runName(run: BacktestRun, t: TFunction): string {
  return (
    run.request.draft?.name ??
    t('backtest.wholeRuleset', { count: run.request.ruleset?.length ?? 0 })
  );
}
