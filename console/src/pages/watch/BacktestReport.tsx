import { Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { money, points } from '../../format';
import type { Language } from '../../i18n';
import type { BacktestReport as Report, RunStats } from './backtest-queries';

type Effect = RunStats['promotions'][number];

interface PromotionRow {
  promotionId: string;
  baseline: Effect | undefined;
  withDraft: Effect | undefined;
}

/** Every promotion that reached a check in either run, the ones the draft changed most first. */
function promotionRows(report: Report): PromotionRow[] {
  const baseline = new Map(
    report.baseline.promotions.map((effect) => [effect.promotionId, effect]),
  );
  const withDraft = new Map(
    report.withDraft.promotions.map((effect) => [effect.promotionId, effect]),
  );
  const ids = [...new Set([...withDraft.keys(), ...baseline.keys()])];
  const change = (id: string) =>
    Math.abs((withDraft.get(id)?.discountMinor ?? 0) - (baseline.get(id)?.discountMinor ?? 0));
  return ids
    .map((promotionId) => ({
      promotionId,
      baseline: baseline.get(promotionId),
      withDraft: withDraft.get(promotionId),
    }))
    .sort((a, b) => change(b.promotionId) - change(a.promotionId));
}

function signedMoney(minor: number, language: Language): string {
  return minor > 0 ? `+${money(minor, language)}` : money(minor, language);
}

/**
 * A backtest's report: the two runs side by side (the ruleset as it was, and with the draft), in
 * totals and per promotion, and the checks the draft applied to. Drawn from two RunStats of any
 * origin, so a comparison of two whole rulesets is the same report.
 */
export function BacktestReport({
  report,
  draftId,
  nameOf,
  language,
}: {
  report: Report;
  /** The draft's id, tagged in the table; null for a whole ruleset. */
  draftId: string | null;
  nameOf: (promotionId: string) => string;
  language: Language;
}) {
  const { t } = useTranslation();
  const runs = [
    { key: 'baseline', title: t('backtest.baseline'), stats: report.baseline },
    { key: 'withDraft', title: t('backtest.withDraft'), stats: report.withDraft },
  ] as const;
  const totals = [
    {
      key: 'checks',
      label: t('backtest.checks'),
      of: (stats: RunStats) => points(stats.checks, language),
      change: '',
    },
    {
      key: 'total',
      label: t('backtest.total'),
      of: (stats: RunStats) => money(stats.totalMinor, language),
      change: signedMoney(report.withDraft.totalMinor - report.baseline.totalMinor, language),
    },
    {
      key: 'average',
      label: t('backtest.averageCheck'),
      of: (stats: RunStats) => money(stats.averageCheckMinor, language),
      change: signedMoney(report.averageCheckChangeMinor, language),
    },
  ];
  const effectColumns = (run: 'baseline' | 'withDraft') => [
    {
      title: t('backtest.checks'),
      key: `${run}-checks`,
      align: 'right' as const,
      render: (_: unknown, row: PromotionRow) => points(row[run]?.checks ?? 0, language),
    },
    {
      title: t('backtest.units'),
      key: `${run}-units`,
      align: 'right' as const,
      render: (_: unknown, row: PromotionRow) => points(row[run]?.units ?? 0, language),
    },
    {
      title: t('backtest.discount'),
      key: `${run}-discount`,
      align: 'right' as const,
      render: (_: unknown, row: PromotionRow) => money(row[run]?.discountMinor ?? 0, language),
    },
    {
      title: t('backtest.points'),
      key: `${run}-points`,
      align: 'right' as const,
      render: (_: unknown, row: PromotionRow) => points(row[run]?.points ?? 0, language),
    },
  ];
  return (
    <Space
      direction="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="backtest-report"
    >
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={totals}
        columns={[
          { title: '', key: 'label', dataIndex: 'label' },
          ...runs.map((run) => ({
            title: run.title,
            key: run.key,
            align: 'right' as const,
            render: (_: unknown, row: (typeof totals)[number]) => (
              <span data-total={`${row.key}-${run.key}`}>{row.of(run.stats)}</span>
            ),
          })),
          {
            title: t('backtest.change'),
            key: 'change',
            align: 'right' as const,
            render: (_: unknown, row: (typeof totals)[number]) => (
              <span data-total={`${row.key}-change`}>{row.change}</span>
            ),
          },
        ]}
      />
      <Table<PromotionRow>
        size="small"
        rowKey="promotionId"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={promotionRows(report)}
        locale={{ emptyText: t('backtest.noEffect') }}
        onRow={(row) => ({ 'data-promotion': row.promotionId }) as object}
        columns={[
          {
            title: t('backtest.promotion'),
            key: 'promotion',
            render: (_value, row) => (
              <Space size={4}>
                <span translate="no">{nameOf(row.promotionId)}</span>
                {row.promotionId === draftId && <Tag color="green">{t('backtest.draftTag')}</Tag>}
              </Space>
            ),
          },
          ...runs.map((run) => ({
            title: run.title,
            key: run.key,
            children: effectColumns(run.key),
          })),
        ]}
      />
      <div>
        <Typography.Text strong>{t('backtest.examples')}</Typography.Text>{' '}
        {report.exampleCheckIds.length === 0 ? (
          <Typography.Text type="secondary">{t('backtest.noExamples')}</Typography.Text>
        ) : (
          <Space wrap size={4} data-testid="backtest-examples">
            {report.exampleCheckIds.map((id) => (
              <Typography.Text key={id} code copyable translate="no">
                {id}
              </Typography.Text>
            ))}
          </Space>
        )}
      </div>
    </Space>
  );
}
