import { Button, DatePicker, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { dateTime } from '../../format';
import { languageOf } from '../../i18n';
import {
  type IntegrationLogFilter,
  type LoggedCall,
  useIntegrationLog,
} from './integration-log-queries';

const filterKeys = ['customerId', 'transactionId', 'keyId', 'status', 'from', 'to'] as const;
const statusClasses = ['2xx', '4xx', '5xx'] as const;

function statusColor(status: number): string {
  if (status >= 500) return 'red';
  if (status >= 400) return 'orange';
  return 'green';
}

/** A stored body, shown as JSON laid out when it is whole JSON, else as stored. */
function Body({ text, truncated }: { text: string | null; truncated: boolean }) {
  const { t } = useTranslation();
  if (text === null)
    return <Typography.Text type="secondary">{t('integrationLog.noBody')}</Typography.Text>;
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Cut or not JSON: shown as it was stored.
  }
  return (
    <>
      <pre translate="no" style={{ maxHeight: 400, overflow: 'auto', margin: 0, fontSize: 12 }}>
        {shown}
      </pre>
      {truncated && <Tag color="gold">{t('integrationLog.truncated')}</Tag>}
    </>
  );
}

/**
 * What integrations (tills, the web shop) sent and were answered, latest first, with personal
 * data masked by the server; filtered by customer, transaction, key, status and period.
 */
export default function IntegrationLogPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const [params, setParams] = useSearchParams();
  const filter: IntegrationLogFilter = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  const log = useIntegrationLog(filter);
  const setFilter = (key: (typeof filterKeys)[number], value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const range: [Dayjs, Dayjs] | null =
    filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to).subtract(1, 'day')] : null;
  const search = (key: 'customerId' | 'transactionId' | 'keyId', width: number) => (
    <Form.Item label={t(`integrationLog.${key}`)}>
      <Input.Search
        allowClear
        style={{ width }}
        defaultValue={filter[key] ?? ''}
        onSearch={(value) => setFilter(key, value.trim() || null)}
      />
    </Form.Item>
  );

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('integrationLog.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('integrationLog.intro')}</Typography.Paragraph>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        {search('customerId', 320)}
        {search('transactionId', 220)}
        {search('keyId', 320)}
        <Form.Item label={t('integrationLog.status')}>
          <Select<string>
            allowClear
            style={{ width: 140 }}
            value={filter.status ?? null}
            onChange={(value) => setFilter('status', value ?? null)}
            options={statusClasses.map((status) => ({
              value: status,
              label: t(`integrationLog.statusClasses.${status}`),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('integrationLog.period')}>
          <DatePicker.RangePicker
            value={range}
            onChange={(dates) => {
              const next = new URLSearchParams(params);
              if (dates?.[0] && dates[1]) {
                next.set('from', dates[0].startOf('day').toISOString());
                next.set('to', dates[1].startOf('day').add(1, 'day').toISOString());
              } else {
                next.delete('from');
                next.delete('to');
              }
              setParams(next, { replace: true });
            }}
          />
        </Form.Item>
      </Form>
      <Table<LoggedCall>
        rowKey="id"
        size="small"
        loading={log.isPending}
        dataSource={log.data?.pages.flatMap((page) => page.items) ?? []}
        pagination={false}
        locale={{ emptyText: t('integrationLog.empty') }}
        expandable={{
          expandedRowRender: (call) => (
            <Flex gap={16} wrap>
              <div style={{ flex: '1 1 400px', minWidth: 0 }}>
                <Typography.Text strong>{t('integrationLog.request')}</Typography.Text>
                <Body text={call.request} truncated={call.requestTruncated} />
              </div>
              <div style={{ flex: '1 1 400px', minWidth: 0 }}>
                <Typography.Text strong>{t('integrationLog.response')}</Typography.Text>
                <Body text={call.response} truncated={call.responseTruncated} />
              </div>
            </Flex>
          ),
        }}
        columns={[
          {
            title: t('integrationLog.at'),
            key: 'at',
            render: (_value, call) => dateTime(call.at, language),
          },
          {
            title: t('integrationLog.call'),
            key: 'call',
            render: (_value, call) => (
              <code translate="no">
                {call.method} {call.url}
              </code>
            ),
          },
          {
            title: t('integrationLog.status'),
            key: 'status',
            render: (_value, call) => <Tag color={statusColor(call.status)}>{call.status}</Tag>,
          },
          {
            title: t('integrationLog.latency'),
            key: 'latency',
            align: 'right',
            render: (_value, call) =>
              t('integrationLog.milliseconds', { value: (call.latencyUs / 1000).toFixed(1) }),
          },
          {
            title: t('integrationLog.customerId'),
            key: 'customer',
            render: (_value, call) =>
              call.customerId && (
                <Link to={`/customers/${encodeURIComponent(call.customerId)}`} translate="no">
                  {call.customerId.slice(0, 8)}
                </Link>
              ),
          },
          {
            title: t('integrationLog.transactionId'),
            key: 'transaction',
            render: (_value, call) => <span translate="no">{call.transactionId}</span>,
          },
          {
            title: t('integrationLog.keyId'),
            key: 'key',
            render: (_value, call) => (
              <Typography.Text
                type="secondary"
                translate="no"
                style={{ cursor: 'pointer' }}
                onClick={() => setFilter('keyId', call.keyId)}
              >
                {call.keyId.slice(0, 8)}
              </Typography.Text>
            ),
          },
        ]}
      />
      {log.hasNextPage && (
        <Flex style={{ marginTop: 12 }}>
          <Button loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('paging.more')}
          </Button>
        </Flex>
      )}
    </>
  );
}
