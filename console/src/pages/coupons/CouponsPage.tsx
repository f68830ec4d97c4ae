import { Button, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { date, points } from '../../format';
import { languageOf } from '../../i18n';
import { can, useSession } from '../../session';
import { type CouponSeriesSummary, useCouponSeriesList } from './coupon-queries';
import { NewSeries } from './NewSeries';
import { SeriesCard } from './SeriesCard';

/**
 * Coupon series: the list by name, one opened from it or by its code (codes generated and
 * exported), and a new one (marketers, admins).
 */
export default function CouponsPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const session = useSession();
  const writes = can(session.data, 'coupons.write');
  const [opened, setOpened] = useState<string | null>(null);
  const list = useCouponSeriesList();
  const validity = (series: CouponSeriesSummary) =>
    series.validFrom || series.validTo
      ? `${series.validFrom ? date(series.validFrom, language) : '…'} — ${series.validTo ? date(series.validTo, language) : '…'}`
      : t('coupons.always');
  return (
    <>
      <Typography.Title level={2}>{t('coupons.title')}</Typography.Title>
      <Table<CouponSeriesSummary>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('coupons.noSeries') }}
        style={{ marginBottom: 24 }}
        data-testid="coupon-series-list"
        columns={[
          {
            title: t('coupons.name'),
            key: 'name',
            render: (_value, series) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpened(series.id)}>
                <span translate="no">{series.name}</span>
              </Button>
            ),
          },
          {
            title: t('coupons.id'),
            key: 'id',
            render: (_value, series) => <code translate="no">{series.id}</code>,
          },
          {
            title: t('coupons.kind'),
            key: 'kind',
            render: (_value, series) => <Tag>{t(`coupons.kinds.${series.kind}`)}</Tag>,
          },
          {
            title: t('coupons.codeCount'),
            key: 'codes',
            align: 'right',
            render: (_value, series) => points(series.codeCount, language),
          },
          { title: t('coupons.validity'), key: 'validity', render: (_value, s) => validity(s) },
        ]}
      />
      <SeriesCard opened={opened} onOpen={setOpened} writes={writes} />
      {writes && <NewSeries onCreated={setOpened} />}
    </>
  );
}
