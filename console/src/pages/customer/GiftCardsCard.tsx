import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { date, dateTime, money } from '../../format';
import { languageOf } from '../../i18n';
import { type CustomerGiftCard, useCustomerGiftCards } from './queries';

/** Cards the customer bought or paid with: cards have no owner, purchases are the link. */
export function GiftCardsCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const cards = useCustomerGiftCards(customerId);
  return (
    <Card
      title={t('customerPage.giftCards')}
      extra={<span style={{ fontWeight: 'normal' }}>{t('customerPage.giftCardsHint')}</span>}
      style={{ marginBottom: 16 }}
    >
      <Table<CustomerGiftCard>
        rowKey="maskedNumber"
        size="small"
        loading={cards.isPending}
        dataSource={cards.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('customerPage.noGiftCards') }}
        columns={[
          {
            title: t('giftCards.number'),
            key: 'number',
            render: (_value, card) => <span translate="no">{card.maskedNumber}</span>,
          },
          {
            title: t('giftCards.status'),
            key: 'status',
            render: (_value, card) =>
              card.expired ? (
                <Tag>{t('giftCards.expired')}</Tag>
              ) : (
                <Tag color={card.status === 'active' ? 'green' : 'default'}>
                  {t(`giftCards.statuses.${card.status}`)}
                </Tag>
              ),
          },
          {
            title: t('customerPage.balanceOfNominal'),
            key: 'balance',
            align: 'right',
            render: (_value, card) =>
              `${money(card.balanceMinor, language)} / ${money(card.nominalMinor, language)}`,
          },
          {
            title: t('customerPage.bought'),
            key: 'bought',
            render: (_value, card) =>
              card.bought ? (
                <>
                  {dateTime(card.bought.at, language)},{' '}
                  <span translate="no">{card.bought.transactionId}</span>
                </>
              ) : (
                '—'
              ),
          },
          {
            title: t('customerPage.spentByCustomer'),
            key: 'spent',
            align: 'right',
            render: (_value, card) => money(card.spentMinor, language),
          },
          {
            title: t('customerPage.lastUsed'),
            key: 'lastUsed',
            render: (_value, card) => (card.lastUsedAt ? dateTime(card.lastUsedAt, language) : '—'),
          },
          {
            title: t('giftCards.expires'),
            key: 'expires',
            render: (_value, card) =>
              card.expiresAt ? date(card.expiresAt, language) : t('customer.noEndDate'),
          },
        ]}
      />
    </Card>
  );
}
