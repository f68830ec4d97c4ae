import { SearchOutlined } from '@ant-design/icons';
import { Alert, Input, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Customer, customerName, useCustomerSearch } from '../api/customers';
import { ProblemError } from '../api/problem';
import { date } from '../format';
import { languageOf } from '../i18n';
import { KeysetPager, useKeysetPaging } from './KeysetPager';

// Searching waits for a pause in typing, so a phone typed digit by digit asks once.
const typingPauseMs = 300;

/** Customers found by phone (in any form), card, e-mail or name, a page at a time. */
export default function CustomersPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const paging = useKeysetPaging<number>();
  const { restart } = paging;
  const found = useCustomerSearch(q, paging.after);
  useEffect(() => {
    const pause = setTimeout(() => {
      const next = typed.trim();
      if (next === q) return;
      restart();
      setParams(next ? { q: next } : {}, { replace: true });
    }, typingPauseMs);
    return () => clearTimeout(pause);
  }, [typed, q, setParams, restart]);

  const nextAfter = found.data?.nextAfter ?? null;
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('customers.title')}
      </Typography.Title>
      <Input
        allowClear
        autoFocus
        size="large"
        prefix={<SearchOutlined />}
        placeholder={t('customers.searchPlaceholder')}
        aria-label={t('customers.search')}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        style={{ maxWidth: 560, marginBottom: 16 }}
      />
      {found.error && (
        <Alert
          type="error"
          style={{ marginBottom: 16 }}
          title={
            found.error instanceof ProblemError
              ? t(`problems.${found.error.problem.code}`, {
                  defaultValue: found.error.problem.detail,
                })
              : t('errors.network')
          }
        />
      )}
      <Table<Customer>
        rowKey="id"
        loading={found.isFetching}
        dataSource={found.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: q ? t('customers.nobody') : t('customers.none') }}
        columns={[
          {
            title: t('customers.name'),
            key: 'name',
            render: (_value, customer) => (
              <Link to={`/customers/${customer.id}`}>
                <span translate="no">{customerName(customer) ?? t('customers.noName')}</span>
              </Link>
            ),
          },
          {
            title: t('customers.identifiers'),
            key: 'identifiers',
            render: (_value, customer) => (
              <Space size={[4, 4]} wrap>
                {customer.identifiers.map((identifier) => (
                  <Tag key={`${identifier.kind}:${identifier.system ?? ''}:${identifier.value}`}>
                    {t(`identifiers.${identifier.kind}`)}:{' '}
                    <span translate="no">{identifier.value}</span>
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('customers.city'),
            key: 'city',
            render: (_value, customer) => <span translate="no">{customer.city ?? '—'}</span>,
          },
          {
            title: t('customers.since'),
            key: 'since',
            render: (_value, customer) => date(customer.createdAt, language),
          },
        ]}
      />
      <KeysetPager paging={paging} nextAfter={nextAfter} />
    </>
  );
}
