import { Flex, Select, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { count, money, month, points } from '../../format';
import type { Language } from '../../i18n';
import { Chart, type ChartOption } from './Chart';
import type { SimulationOutcome, SimulationRequest } from './simulation-queries';

const palette = ['#1f6f5c', '#d48806', '#1677ff', '#cf1322', '#722ed1', '#8c8c8c'];

/** A chart of money by category: its tooltip, legend, axis of values and colours. */
function moneyFrame(language: Language): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (value: number) => money(value, language) },
    legend: { top: 0 },
    grid: { left: 96, right: 16, top: 40, bottom: 32 },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => money(value, language) } },
    color: palette,
  };
}

/** A result's row: its place in the answer, the first of its model (which spans its rows). */
interface Row {
  key: string;
  outcome: SimulationOutcome;
  modelRows: number;
}

/**
 * A finished simulation: the comparison of every model under every scenario over the period,
 * the margin effect of each side by side, and one pair's months: customers per tier, and
 * revenue with the programme against without it.
 */
export function SimulationResult({
  request,
  results,
  language,
}: {
  request: SimulationRequest;
  results: SimulationOutcome[];
  language: Language;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(0);
  const outcome = results[chosen] ?? results[0];
  const rows = useMemo<Row[]>(
    () =>
      results.map((item, i) => ({
        key: String(i),
        outcome: item,
        // Results come models first: a model's first row spans its scenarios' rows.
        modelRows:
          results[i - 1]?.model === item.model
            ? 0
            : results.filter((other) => other.model === item.model).length,
      })),
    [results],
  );
  const effect = useMemo<ChartOption>(() => {
    const models = [...new Set(results.map((item) => item.model))];
    const scenarios = [...new Set(results.map((item) => item.scenario))];
    return {
      ...moneyFrame(language),
      xAxis: { type: 'category', data: models },
      series: scenarios.map((scenario) => ({
        name: scenario,
        type: 'bar',
        data: models.map(
          (model) =>
            results.find((item) => item.model === model && item.scenario === scenario)?.totals
              .marginEffectMinor ?? null,
        ),
      })),
    };
  }, [results, language]);
  const tiers = useMemo<ChartOption>(() => {
    if (!outcome) return {};
    const program = request.models.find((model) => model.name === outcome.model)?.tierProgram;
    const nameOf = (tierId: string | null) =>
      tierId === null
        ? t('simulator.noTier')
        : (program?.tiers.find((tier) => tier.id === tierId)?.name[language] ?? tierId);
    const ids = outcome.months[0]?.customersByTier.map((entry) => entry.tierId) ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: outcome.months.map((row) => month(row.month, language)) },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { formatter: (value: number) => count(value, language) },
      },
      color: ['#bfbfbf', ...palette],
      series: ids.map((tierId) => ({
        name: nameOf(tierId),
        type: 'bar',
        stack: 'customers',
        data: outcome.months.map(
          (month) => month.customersByTier.find((entry) => entry.tierId === tierId)?.customers ?? 0,
        ),
      })),
    };
  }, [outcome, request, language, t]);
  const revenue = useMemo<ChartOption>(() => {
    if (!outcome) return {};
    return {
      ...moneyFrame(language),
      xAxis: { type: 'category', data: outcome.months.map((row) => month(row.month, language)) },
      series: [
        {
          name: t('simulator.revenueWith'),
          type: 'line',
          data: outcome.months.map((month) => month.revenueWithMinor),
        },
        {
          name: t('simulator.revenueWithout'),
          type: 'line',
          lineStyle: { type: 'dashed' },
          data: outcome.months.map((month) => month.revenueWithoutMinor),
        },
        {
          name: t('simulator.marginEffect'),
          type: 'bar',
          data: outcome.months.map((month) => month.marginEffectMinor),
        },
      ],
    };
  }, [outcome, language, t]);
  const moneyColumn = (key: keyof SimulationOutcome['totals'], title: string) => ({
    title,
    key,
    align: 'right' as const,
    render: (_value: unknown, row: Row) => money(row.outcome.totals[key], language),
  });
  // The four flows of points in one column, a line each: twelve columns did not fit the page.
  const flows = [
    ['pointsAccrued', 'simulator.flows.accrued'],
    ['pointsBonus', 'simulator.flows.bonuses'],
    ['pointsRedeemed', 'simulator.flows.redeemed'],
    ['pointsExpired', 'simulator.flows.expired'],
  ] as const;
  return (
    <>
      <Table<Row>
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        // Headers wrap to fit the page; below 960 px the table scrolls, the effect and the
        // revenues first.
        scroll={{ x: 960 }}
        data-testid="simulation-comparison"
        columns={[
          {
            title: t('simulator.model'),
            key: 'model',
            onCell: (row) => ({ rowSpan: row.modelRows }),
            render: (_value, row) => <span translate="no">{row.outcome.model}</span>,
          },
          {
            title: t('simulator.scenario'),
            key: 'scenario',
            render: (_value, row) => <span translate="no">{row.outcome.scenario}</span>,
          },
          moneyColumn('revenueWithMinor', t('simulator.revenueWith')),
          moneyColumn('revenueWithoutMinor', t('simulator.revenueWithout')),
          {
            title: t('simulator.marginEffect'),
            key: 'marginEffect',
            align: 'right',
            render: (_value, row) => (
              <Typography.Text
                strong
                type={row.outcome.totals.marginEffectMinor < 0 ? 'danger' : 'success'}
                data-testid="margin-effect"
              >
                {money(row.outcome.totals.marginEffectMinor, language)}
              </Typography.Text>
            ),
          },
          moneyColumn('discountMinor', t('simulator.discounts')),
          {
            title: t('simulator.points'),
            key: 'points',
            render: (_value, row) => (
              <Flex vertical>
                {flows.map(([key, label]) => (
                  <Flex key={key} justify="space-between" gap={12}>
                    <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                      {t(label)}
                    </Typography.Text>
                    <span>{points(row.outcome.totals[key], language)}</span>
                  </Flex>
                ))}
              </Flex>
            ),
          },
          {
            title: t('simulator.liability'),
            key: 'liability',
            align: 'right',
            render: (_value, row) => (
              <>
                {money(row.outcome.totals.liabilityMinor, language)}
                <br />
                <Typography.Text type="secondary">
                  {t('simulator.pointsCount', {
                    points: points(row.outcome.totals.liabilityPoints, language),
                  })}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('simulator.customers'),
            key: 'customers',
            align: 'right',
            render: (_value, row) => count(row.outcome.totals.customers, language),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('simulator.figuresHint')}
      </Typography.Paragraph>
      <Typography.Title level={5}>{t('simulator.effectChart')}</Typography.Title>
      <Chart option={effect} height={280} testId="chart-simulation-effect" />
      <Flex align="center" gap={8} wrap style={{ marginTop: 16 }}>
        <Typography.Text>{t('simulator.monthsOf')}</Typography.Text>
        <Select
          style={{ minWidth: 320 }}
          value={chosen}
          onChange={setChosen}
          options={results.map((item, i) => ({
            value: i,
            label: <span translate="no">{`${item.model} — ${item.scenario}`}</span>,
          }))}
        />
      </Flex>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('simulator.tiersChart')}
      </Typography.Title>
      <Chart option={tiers} height={280} testId="chart-simulation-tiers" />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('simulator.revenueChart')}
      </Typography.Title>
      <Chart option={revenue} height={280} testId="chart-simulation-revenue" />
    </>
  );
}
