import { Col, Row, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { count, date, dateTime } from '../../format';
import { languageOf } from '../../i18n';
import { csvHref, type RfmDistribution, useRfm } from './analytics-queries';
import { BlockCard } from './BlockCard';
import { Chart, type ChartOption } from './Chart';

type SegmentCount = RfmDistribution['segments'][number];

/** The RFM grid (recency × frequency) on the period's last day, its named segments, churn risk. */
export function RfmBlock({ at }: { at: string }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const rfm = useRfm(at);
  const data = rfm.data;
  const option = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const grid = data.grid;
    const most = Math.max(1, ...grid.flat());
    const scores = ['1', '2', '3', '4', '5'];
    return {
      tooltip: {
        formatter: (p: { data: number[] }) =>
          t('analytics.rfm.cell', {
            r: (p.data[1] as number) + 1,
            f: (p.data[0] as number) + 1,
            n: p.data[2],
          }),
      },
      grid: { left: 72, right: 16, top: 16, bottom: 48 },
      xAxis: {
        type: 'category',
        name: t('analytics.rfm.frequency'),
        nameLocation: 'middle',
        nameGap: 28,
        data: scores,
      },
      yAxis: {
        type: 'category',
        name: t('analytics.rfm.recency'),
        nameLocation: 'middle',
        nameGap: 40,
        data: scores,
      },
      visualMap: { show: false, min: 0, max: most, inRange: { color: ['#f0f7f4', '#1f6f5c'] } },
      series: [
        {
          type: 'heatmap',
          data: grid.flatMap((row, r) => row.map((n, f) => [f, r, n])),
          label: { show: true },
        },
      ],
    };
  }, [data, t]);
  return (
    <BlockCard
      title={t('analytics.rfm.title', { date: date(at, language) })}
      csv={csvHref('rfm', { at }, language)}
      loading={rfm.isFetching}
      failed={rfm.isError}
      testId="analytics-rfm"
    >
      {data?.scoredAt && (
        <Typography.Paragraph type="secondary" data-testid="analytics-rfm-scored-at">
          {t('analytics.rfm.scoredAt', { time: dateTime(data.scoredAt, language) })}
        </Typography.Paragraph>
      )}
      {data && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={12} md={6}>
            <Statistic
              title={t('analytics.rfm.customers')}
              value={count(data.customers, language)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('analytics.rfm.assessed')}
              value={count(data.churn.assessed, language)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('analytics.rfm.atRisk', { factor: data.churn.factor })}
              value={count(data.churn.atRisk, language)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('analytics.rfm.oneDay')}
              value={count(data.churn.oneDay, language)}
            />
          </Col>
        </Row>
      )}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Chart option={option} height={320} testId="chart-rfm" />
        </Col>
        <Col xs={24} lg={12}>
          <Table<SegmentCount>
            rowKey="segment"
            size="small"
            pagination={false}
            dataSource={data?.segments ?? []}
            columns={[
              {
                title: t('analytics.rfm.segment'),
                dataIndex: 'segment',
                render: (segment: string) => t(`analytics.rfm.segments.${segment}`),
              },
              {
                title: t('analytics.rfm.customers'),
                dataIndex: 'customers',
                align: 'right',
                render: (value: number) => count(value, language),
              },
            ]}
          />
        </Col>
      </Row>
    </BlockCard>
  );
}
