import { Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { count } from '../../format';
import { UnitNumber } from '../../forms/unit-number';
import { languageOf } from '../../i18n';
import { type AnalyticsFilter, csvHref, useRepeatPurchases } from './analytics-queries';
import { BlockCard } from './BlockCard';
import { Chart, type ChartOption } from './Chart';

/**
 * The repeat-purchase chart: per window of 1–12 months, how many customers made 2, 3, … counted
 * purchases in it; only checks of at least the amount entered count.
 */
export function RepeatBlock({ filter }: { filter: AnalyticsFilter }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const [minCheckMinor, setMinCheckMinor] = useState(0);
  const repeat = useRepeatPurchases(filter, minCheckMinor);
  const data = repeat.data;
  const option = useMemo<ChartOption | undefined>(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 48, right: 16, top: 40, bottom: 32 },
        xAxis: {
          type: 'category',
          data: data.windowsMonths.map((months) =>
            t('analytics.repeat.window', { count: months, months }),
          ),
        },
        yAxis: {
          type: 'value',
          minInterval: 1,
          axisLabel: { formatter: (value: number) => count(value, language) },
        },
        // Each row counts the customers with at least that many purchases in the window.
        series: data.rows.map((row) => ({
          type: 'bar',
          name: t('analytics.repeat.atLeast', { count: row.purchases }),
          data: row.customers,
        })),
      },
    [data, t, language],
  );
  return (
    <BlockCard
      title={t('analytics.repeat.title')}
      csv={csvHref('repeat-purchases', { ...filter, minCheckMinor }, language)}
      loading={repeat.isFetching}
      failed={repeat.isError}
      testId="analytics-repeat"
      extra={
        <Space>
          <span>{t('analytics.repeat.minCheck')}</span>
          <UnitNumber
            unit="money-minor"
            aria-label={t('analytics.repeat.minCheck')}
            schema={{ minimum: 0, maximum: 1_000_000_000 }}
            step={10_000}
            width={160}
            value={minCheckMinor}
            onChange={(value) => setMinCheckMinor(value ?? 0)}
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('analytics.repeat.customers', {
          count: data?.customers ?? 0,
          n: count(data?.customers ?? 0, language),
        })}
      </Typography.Paragraph>
      <Chart option={option} testId="chart-repeat" />
    </BlockCard>
  );
}
