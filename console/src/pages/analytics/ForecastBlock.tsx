import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { money, month, percent } from '../../format';
import { languageOf } from '../../i18n';
import { type AnalyticsFilter, csvHref, forecastScopeOf, useForecast } from './analytics-queries';
import { BlockCard } from './BlockCard';
import { Chart, type ChartOption } from './Chart';

/**
 * Monthly revenue for the next 12 months without a programme, from all whole months of history
 * of the channel and store chosen (the period does not narrow it), with the method's error on
 * the last 3 months held out.
 */
export function ForecastBlock({ filter }: { filter: AnalyticsFilter }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const scope = forecastScopeOf(filter);
  const forecast = useForecast(scope);
  const data = forecast.data;
  const option = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const history = data.history;
    const ahead = data.forecast;
    const months = [...history.map((m) => m.month), ...ahead.map((m) => m.month)];
    const gap = history.map(() => null);
    // Kopecks throughout, as the API gives them; only the labels turn them into money.
    // The forecast line starts at the last month of history, so the two lines join.
    const last = history.at(-1);
    const joined = (values: number[]) =>
      values.length === 0 ? [] : [...gap.slice(1), last ? last.revenueMinor : null, ...values];
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: number | null) =>
          value === null ? '—' : money(Math.round(value), language),
      },
      legend: { top: 0 },
      grid: { left: 64, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: months.map((value) => month(value, language)) },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (value: number) => money(Math.round(value), language) },
      },
      series: [
        {
          type: 'line',
          name: t('analytics.forecast.history'),
          data: history.map((m) => m.revenueMinor),
        },
        {
          type: 'line',
          name: t('analytics.forecast.forecast'),
          lineStyle: { type: 'dashed' },
          data: joined(ahead.map((m) => m.revenueMinor)),
        },
        {
          type: 'line',
          name: t('analytics.forecast.band'),
          lineStyle: { type: 'dotted', opacity: 0.6 },
          symbol: 'none',
          data: [...gap, ...ahead.map((m) => m.lowMinor)],
        },
        {
          type: 'line',
          name: t('analytics.forecast.band'),
          lineStyle: { type: 'dotted', opacity: 0.6 },
          symbol: 'none',
          data: [...gap, ...ahead.map((m) => m.highMinor)],
        },
      ],
    };
  }, [data, t, language]);
  const method = data?.method;
  return (
    <BlockCard
      title={t('analytics.forecast.title')}
      csv={csvHref('forecast', scope, language)}
      loading={forecast.isFetching}
      failed={forecast.isError}
      testId="analytics-forecast"
    >
      <Typography.Paragraph type="secondary">
        {method === null || method === undefined
          ? t('analytics.forecast.tooShort')
          : t(`analytics.forecast.method.${method}`)}
        {data?.backtest?.mapeBp !== null && data?.backtest?.mapeBp !== undefined
          ? ` ${t('analytics.forecast.error', { error: percent(data.backtest.mapeBp / 10_000, language) })}`
          : ''}
      </Typography.Paragraph>
      <Chart option={option} testId="chart-forecast" />
    </BlockCard>
  );
}
