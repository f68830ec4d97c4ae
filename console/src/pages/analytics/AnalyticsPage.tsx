import { DatePicker, Flex, Form, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../api/queries';
import { defaultRange, filterOf, rfmDayOf } from './analytics-queries';
import { CohortsBlock } from './CohortsBlock';
import { EconomicsBlock } from './EconomicsBlock';
import { ForecastBlock } from './ForecastBlock';
import { OverviewBlock } from './OverviewBlock';
import { RepeatBlock } from './RepeatBlock';
import { RfmBlock } from './RfmBlock';
import { UpliftBlock } from './UpliftBlock';

/**
 * The analytics section: one period, channel and store for every block (overview, repeat
 * purchases, cohorts, economics, a promotion's uplift); RFM is taken on the period's last day. Each block downloads
 * its own figures as CSV.
 */
export default function AnalyticsPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const [range, setRange] = useState(defaultRange);
  const [channel, setChannel] = useState<'offline' | 'online' | undefined>();
  const [storeId, setStoreId] = useState<string | undefined>();
  const filter = useMemo(() => filterOf(range, channel, storeId), [range, channel, storeId]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="baseline" wrap gap={16}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('analytics.title')}
        </Typography.Title>
        <Form layout="inline">
          <Form.Item label={t('analytics.period')}>
            <DatePicker.RangePicker
              allowClear={false}
              value={range}
              disabledDate={(day) => day.isAfter(dayjs(), 'day')}
              onChange={(dates) => {
                if (dates?.[0] && dates[1]) setRange([dates[0], dates[1]]);
              }}
            />
          </Form.Item>
          <Form.Item label={t('analytics.channel')}>
            <Select
              style={{ width: 160 }}
              allowClear
              placeholder={t('analytics.channels.all')}
              value={channel}
              onChange={setChannel}
              options={(['offline', 'online'] as const).map((value) => ({
                value,
                label: t(`analytics.channels.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('analytics.store')}>
            <Select
              style={{ width: 200 }}
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('analytics.allStores')}
              value={storeId}
              onChange={setStoreId}
              options={(stores.data ?? []).map((store) => ({ value: store.id, label: store.name }))}
            />
          </Form.Item>
        </Form>
      </Flex>
      <OverviewBlock filter={filter} />
      <RepeatBlock filter={filter} />
      <CohortsBlock filter={filter} />
      <EconomicsBlock filter={filter} />
      <RfmBlock at={rfmDayOf(range)} />
      <ForecastBlock filter={filter} />
      <UpliftBlock filter={filter} />
    </Space>
  );
}
