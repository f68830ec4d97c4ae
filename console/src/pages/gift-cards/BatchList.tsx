import { Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { count, date, dateTime, money } from '../../format';
import { languageOf } from '../../i18n';
import { type GiftCardBatch, useGiftCardBatches } from './gift-card-queries';

/** The issued batches: how many cards each has in which state, and what they still carry. */
export function BatchList() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const batches = useGiftCardBatches();
  const statuses = (batch: GiftCardBatch) => (
    <Space size={4} wrap>
      {batch.issued > 0 && (
        <Tag>{`${t('giftCards.statuses.issued')}: ${count(batch.issued, language)}`}</Tag>
      )}
      {batch.active > 0 && (
        <Tag color="green">{`${t('giftCards.statuses.active')}: ${count(batch.active, language)}`}</Tag>
      )}
      {batch.voided > 0 && (
        <Tag color="red">{`${t('giftCards.statuses.voided')}: ${count(batch.voided, language)}`}</Tag>
      )}
      {batch.expired > 0 && (
        <Tag color="orange">{`${t('giftCards.expiredCount')}: ${count(batch.expired, language)}`}</Tag>
      )}
    </Space>
  );
  return (
    <Card title={t('giftCards.batchesTitle')} style={{ marginBottom: 24 }}>
      <Table<GiftCardBatch>
        size="small"
        rowKey={(batch) => `${batch.batchId}:${batch.issuedAt}`}
        loading={batches.isPending}
        dataSource={batches.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('giftCards.noBatches') }}
        data-testid="gift-card-batches"
        columns={[
          {
            title: t('giftCards.batch'),
            key: 'batch',
            render: (_value, batch) => <code translate="no">{batch.batchId}</code>,
          },
          {
            title: t('giftCards.issuedAt'),
            key: 'issuedAt',
            render: (_value, batch) => dateTime(batch.issuedAt, language),
          },
          {
            title: t('giftCards.cards'),
            key: 'cards',
            align: 'right',
            render: (_value, batch) => count(batch.cardCount, language),
          },
          {
            title: t('giftCards.nominal'),
            key: 'nominal',
            align: 'right',
            render: (_value, batch) => money(batch.nominalMinor, language),
          },
          { title: t('giftCards.cardStatuses'), key: 'statuses', render: (_v, b) => statuses(b) },
          {
            title: t('giftCards.balanceLeft'),
            key: 'balance',
            align: 'right',
            render: (_value, batch) => money(batch.balanceMinor, language),
          },
          {
            title: t('giftCards.expires'),
            key: 'expires',
            render: (_value, batch) => (batch.expiresAt ? date(batch.expiresAt, language) : '—'),
          },
        ]}
      />
    </Card>
  );
}
