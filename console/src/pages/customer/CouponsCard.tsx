import { Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePromotions } from '../../api/queries';
import { date, dateTime } from '../../format';
import { languageOf } from '../../i18n';
import { type CustomerCoupon, useCustomerCoupons } from './queries';

/** Codes issued to the customer or used by them, and whether the till would take them now. */
export function CouponsCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const coupons = useCustomerCoupons(customerId);
  const promotions = usePromotions();
  const promotionName = (id: string) =>
    promotions.data?.find((promotion) => promotion.id === id)?.definition.name ?? id;
  return (
    <Card title={t('customerPage.coupons')} style={{ marginBottom: 16 }}>
      <Table<CustomerCoupon>
        rowKey="code"
        size="small"
        loading={coupons.isPending}
        dataSource={coupons.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('customerPage.noCoupons') }}
        columns={[
          {
            title: t('customerPage.code'),
            key: 'code',
            render: (_value, coupon) => (
              <Typography.Text code copyable translate="no">
                {coupon.code}
              </Typography.Text>
            ),
          },
          {
            title: t('customerPage.series'),
            key: 'series',
            render: (_value, coupon) => (
              <>
                <span translate="no">{coupon.seriesName}</span>
                <div>
                  <Typography.Text type="secondary" translate="no">
                    {promotionName(coupon.promotionId)}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          {
            title: t('customerPage.couponState'),
            key: 'state',
            render: (_value, coupon) => (
              <Space size={4} wrap>
                {coupon.usable ? (
                  <Tag color="green">{t('customerPage.usable')}</Tag>
                ) : (
                  <Tag>{t(`customerPage.refusals.${coupon.refusal ?? 'unknown'}`)}</Tag>
                )}
                {coupon.bound && <Tag color="blue">{t('customerPage.personal')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('customerPage.validTo'),
            key: 'validTo',
            render: (_value, coupon) =>
              coupon.validTo ? date(coupon.validTo, language) : t('customer.noEndDate'),
          },
          {
            title: t('customerPage.usedIn'),
            key: 'used',
            render: (_value, coupon) =>
              coupon.redemptions.length === 0
                ? '—'
                : coupon.redemptions.map((use) => (
                    <div key={use.purchaseId}>
                      <span translate="no">{use.transactionId}</span>,{' '}
                      {dateTime(use.redeemedAt, language)}
                      {use.released && (
                        <Tag style={{ marginLeft: 4 }}>{t('customerPage.released')}</Tag>
                      )}
                    </div>
                  )),
          },
        ]}
      />
    </Card>
  );
}
