import { Col, Row, Statistic, Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { count, money, percent, points } from '../../format';
import { languageOf } from '../../i18n';
import { type AnalyticsFilter, csvHref, type Economics, useEconomics } from './analytics-queries';
import { BlockCard } from './BlockCard';
import { Chart, type ChartOption } from './Chart';

type PromotionCost = Economics['discounts']['byPromotion'][number];

/** What the programme cost in the period: discounts by promotion, points moved, liability. */
export function EconomicsBlock({ filter }: { filter: AnalyticsFilter }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const economics = useEconomics(filter);
  const data = economics.data;
  const option = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const flow = [
      ['accrued', data.points.accrued],
      ['bonuses', data.points.bonuses],
      ['takenBack', data.points.takenBack],
      ['redeemed', data.points.redeemed],
      ['restored', data.points.restored],
      ['expired', data.points.expired],
      ['adjusted', data.points.adjusted],
    ] as const;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: flow.map(([key]) => t(`analytics.economics.${key}`)) },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (value: number) => count(value, language) },
      },
      series: [
        { type: 'bar', data: flow.map(([, value]) => value), itemStyle: { color: '#1f6f5c' } },
      ],
    };
  }, [data, t, language]);
  return (
    <BlockCard
      title={t('analytics.economics.title')}
      csv={csvHref('economics', { ...filter }, language)}
      loading={economics.isFetching}
      failed={economics.isError}
      testId="analytics-economics"
    >
      {data && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={12} md={6}>
            <Statistic
              title={t('analytics.economics.discounts')}
              value={money(data.discounts.totalMinor, language)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('analytics.economics.redeemedMoney')}
              value={money(data.redeemedMoneyMinor, language)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('analytics.economics.breakage')}
              value={percent(data.breakageBp / 10_000, language)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('analytics.economics.liability', {
                points: points(data.liability.points, language),
              })}
              value={money(data.liability.moneyMinor, language)}
            />
          </Col>
        </Row>
      )}
      <Chart option={option} height={240} testId="chart-economics" />
      <Table<PromotionCost>
        rowKey="promotionId"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={data?.discounts.byPromotion ?? []}
        locale={{ emptyText: t('analytics.economics.noDiscounts') }}
        columns={[
          {
            title: t('analytics.economics.promotion'),
            dataIndex: 'name',
            render: (name: string) => <span translate="no">{name}</span>,
          },
          {
            title: t('analytics.economics.checks'),
            dataIndex: 'checks',
            align: 'right',
            render: (value: number) => points(value, language),
          },
          {
            title: t('analytics.economics.discount'),
            dataIndex: 'discountMinor',
            align: 'right',
            render: (value: number) => money(value, language),
          },
        ]}
      />
    </BlockCard>
  );
}
