import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { month, percent } from '../../format';
import { languageOf } from '../../i18n';
import { type AnalyticsFilter, csvHref, useCohorts } from './analytics-queries';
import { BlockCard } from './BlockCard';
import { Chart, type ChartOption } from './Chart';

/** Retention by month of first purchase as a heatmap: the share of each cohort buying k months on. */
export function CohortsBlock({ filter }: { filter: AnalyticsFilter }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const cohorts = useCohorts(filter);
  const data = cohorts.data;
  const option = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const rows = data.cohorts;
    const months = Math.max(1, ...rows.map((cohort) => cohort.active.length));
    const cells = rows.flatMap((cohort, y) =>
      cohort.active.map((active, x) => [
        x,
        y,
        cohort.customers === 0 ? 0 : Math.round((active * 1000) / cohort.customers) / 10,
        active,
      ]),
    );
    return {
      tooltip: {
        formatter: (p: { data: number[] }) =>
          t('analytics.cohorts.cell', {
            cohort: month(rows[p.data[1] as number]?.month ?? '', language),
            months: p.data[0],
            active: p.data[3],
            share: percent((p.data[2] as number) / 100, language),
          }),
      },
      grid: { left: 72, right: 16, top: 16, bottom: 48 },
      xAxis: {
        type: 'category',
        name: t('analytics.cohorts.monthsLater'),
        nameLocation: 'middle',
        nameGap: 28,
        data: Array.from({ length: months }, (_, k) => String(k)),
      },
      yAxis: {
        type: 'category',
        data: rows.map((cohort) => month(cohort.month, language)),
        inverse: true,
      },
      // The cells carry their percentages: the colour scale needs no legend of its own.
      visualMap: { show: false, min: 0, max: 100, inRange: { color: ['#f0f7f4', '#1f6f5c'] } },
      series: [
        { type: 'heatmap', data: cells, label: { show: months <= 13, formatter: '{@[2]}%' } },
      ],
    };
  }, [data, t, language]);
  return (
    <BlockCard
      title={t('analytics.cohorts.title')}
      csv={csvHref('cohorts', { ...filter }, language)}
      loading={cohorts.isFetching}
      failed={cohorts.isError}
      testId="analytics-cohorts"
    >
      <Chart
        option={option}
        height={Math.max(200, 64 + 28 * (data?.cohorts.length ?? 0))}
        testId="chart-cohorts"
      />
    </BlockCard>
  );
}
