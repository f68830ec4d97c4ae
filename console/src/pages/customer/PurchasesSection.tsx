import { Button, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Purchase, usePurchases } from '../../api/customers';
import type { components } from '../../api/perk-api';
import { useStores } from '../../api/queries';
import { dateTime, money, points, quantity } from '../../format';
import { languageOf } from '../../i18n';

type Line = components['schemas']['PricedLine'];

/** The customer's receipts, newest first, each opening to its lines. */
export function PurchasesSection({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const purchases = usePurchases(customerId);
  const stores = useStores();
  const storeName = (id: string) => stores.data?.find((store) => store.id === id)?.name ?? id;
  return (
    <Card title={t('customer.purchases')} style={{ marginBottom: 16 }}>
      <Table<Purchase>
        rowKey="purchaseId"
        size="small"
        loading={purchases.isPending}
        dataSource={purchases.data?.pages.flatMap((page) => page.items) ?? []}
        pagination={false}
        locale={{ emptyText: t('customer.noPurchases') }}
        expandable={{
          expandedRowRender: (purchase) => <Lines lines={purchase.lines} />,
        }}
        columns={[
          {
            title: t('customer.when'),
            key: 'when',
            render: (_value, purchase) => dateTime(purchase.businessAt, language),
          },
          {
            title: t('customer.store'),
            key: 'store',
            render: (_value, purchase) => <span translate="no">{storeName(purchase.storeId)}</span>,
          },
          {
            title: t('customer.receipt'),
            key: 'receipt',
            render: (_value, purchase) => <span translate="no">{purchase.transactionId}</span>,
          },
          {
            title: t('why.total'),
            key: 'total',
            align: 'right',
            render: (_value, purchase) => money(purchase.totalMinor, language),
          },
          {
            title: t('why.discount'),
            key: 'discount',
            align: 'right',
            render: (_value, purchase) => money(purchase.discountMinor, language),
          },
          {
            title: t('customer.pointsSpent'),
            key: 'spent',
            align: 'right',
            render: (_value, purchase) => points(purchase.redeemedPoints, language),
          },
          {
            title: t('customer.pointsEarned'),
            key: 'earned',
            align: 'right',
            render: (_value, purchase) => points(purchase.accruedPoints, language),
          },
          {
            title: t('why.promotions'),
            key: 'promotions',
            render: (_value, purchase) =>
              purchase.appliedPromotions.map((promotion) => (
                <Tag key={promotion.promotionId}>
                  <span translate="no">{promotion.name}</span>
                </Tag>
              )),
          },
        ]}
      />
      {purchases.hasNextPage && (
        <Button
          style={{ marginTop: 12 }}
          loading={purchases.isFetchingNextPage}
          onClick={() => void purchases.fetchNextPage()}
        >
          {t('paging.more')}
        </Button>
      )}
    </Card>
  );
}

function Lines({ lines }: { lines: Line[] }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  return (
    <Table<Line>
      rowKey="lineId"
      size="small"
      pagination={false}
      dataSource={lines}
      columns={[
        {
          title: t('why.sku'),
          dataIndex: 'sku',
          render: (sku) => <span translate="no">{sku}</span>,
        },
        {
          title: t('why.quantity'),
          key: 'quantity',
          render: (_value, line) => quantity(line.quantity, line.weighted, language),
        },
        {
          title: t('why.price'),
          key: 'price',
          align: 'right',
          render: (_value, line) => money(line.unitPriceMinor, language),
        },
        {
          title: t('why.discount'),
          key: 'discount',
          align: 'right',
          render: (_value, line) => money(line.discountMinor, language),
        },
        {
          title: t('customer.paid'),
          key: 'paid',
          align: 'right',
          render: (_value, line) => money(line.paidMinor, language),
        },
      ]}
    />
  );
}
