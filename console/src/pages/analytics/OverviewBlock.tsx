import { Col, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { count, money, percent } from '../../format';
import { languageOf } from '../../i18n';
import {
  type AnalyticsFilter,
  csvHref,
  type OverviewMetrics,
  useOverview,
} from './analytics-queries';
import { BlockCard } from './BlockCard';

/** Customers, checks and revenue of the period: the totals as cards, then each channel. */
export function OverviewBlock({ filter }: { filter: AnalyticsFilter }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const overview = useOverview(filter);
  const total = overview.data?.total;
  const cards: [string, string][] = total
    ? [
        ['analytics.overview.revenue', money(total.revenueMinor, language)],
        ['analytics.overview.checks', count(total.checks, language)],
        ['analytics.overview.averageCheck', money(total.averageCheckMinor, language)],
        ['analytics.overview.customers', count(total.customers, language)],
        ['analytics.overview.newCustomers', count(total.newCustomers, language)],
        ['analytics.overview.loyalCustomers', count(total.loyalCustomers, language)],
        ['analytics.overview.identifiedShare', percent(total.identifiedShareBp / 10_000, language)],
        ['analytics.overview.frequency', count(total.frequency, language, 2)],
      ]
    : [];
  const rows = overview.data
    ? (['offline', 'online'] as const).map((channel) => ({
        channel,
        ...overview.data.byChannel[channel],
      }))
    : [];
  return (
    <BlockCard
      title={t('analytics.overview.title')}
      csv={csvHref('overview', { ...filter }, language)}
      loading={overview.isFetching}
      failed={overview.isError}
      testId="analytics-overview"
    >
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {cards.map(([label, value]) => (
          <Col key={label} xs={12} md={6}>
            <Statistic title={t(label)} value={value} />
          </Col>
        ))}
      </Row>
      <Table<OverviewMetrics & { channel: string }>
        rowKey="channel"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: t('analytics.channel'),
            dataIndex: 'channel',
            render: (channel: string) => t(`analytics.channels.${channel}`),
          },
          {
            title: t('analytics.overview.checks'),
            dataIndex: 'checks',
            align: 'right',
            render: (value: number) => count(value, language),
          },
          {
            title: t('analytics.overview.revenue'),
            dataIndex: 'revenueMinor',
            align: 'right',
            render: (value: number) => money(value, language),
          },
          {
            title: t('analytics.overview.averageCheck'),
            dataIndex: 'averageCheckMinor',
            align: 'right',
            render: (value: number) => money(value, language),
          },
          {
            title: t('analytics.overview.customers'),
            dataIndex: 'customers',
            align: 'right',
            render: (value: number) => count(value, language),
          },
          {
            title: t('analytics.overview.newCustomers'),
            dataIndex: 'newCustomers',
            align: 'right',
            render: (value: number) => count(value, language),
          },
          {
            title: t('analytics.overview.loyalCustomers'),
            dataIndex: 'loyalCustomers',
            align: 'right',
            render: (value: number) => count(value, language),
          },
          {
            title: t('analytics.overview.itemsPerCheck'),
            dataIndex: 'itemsPerCheck',
            align: 'right',
            render: (value: number) => count(value, language, 2),
          },
        ]}
      />
    </BlockCard>
  );
}
