import { Button, Card, Flex, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type PointsEntry,
  type PointsLot,
  usePointsBalance,
  usePointsEntries,
  usePointsLots,
} from '../../api/customers';
import { date, dateTime, points } from '../../format';
import { languageOf } from '../../i18n';
import { useReasonText } from './reason-text';

const lotColors: Record<PointsLot['state'], string> = {
  pending: 'gold',
  active: 'green',
  expired: 'default',
  spent: 'default',
};

/** Points in and out of the customer's account: an accrual credits it, spending debits it. */
function signed(entry: PointsEntry): number {
  if (entry.from === 'world') return entry.points;
  if (entry.to === 'world') return -entry.points;
  return 0;
}

/** The balance, the lots it is made of, and the ledger that made them. */
export function PointsSection({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const reasonText = useReasonText();
  const language = languageOf(i18n);
  const balance = usePointsBalance(customerId);
  const lots = usePointsLots(customerId);
  const entries = usePointsEntries(customerId);
  const soon = balance.data?.expiringSoon.reduce((sum, item) => sum + item.points, 0) ?? 0;
  return (
    <>
      <Card title={t('customer.points')} style={{ marginBottom: 16 }} loading={balance.isPending}>
        <Flex gap={48} wrap>
          <Statistic
            title={t('customer.active')}
            value={balance.data ? points(balance.data.active, language) : '—'}
            valueRender={(value) => <span data-testid="points-active">{value}</span>}
          />
          <Statistic
            title={t('customer.pending')}
            value={balance.data ? points(balance.data.pending, language) : '—'}
          />
          {(balance.data?.debt ?? 0) > 0 && (
            <Statistic
              title={t('customer.debt')}
              value={points(balance.data?.debt ?? 0, language)}
            />
          )}
          <Statistic title={t('customer.expiringSoon')} value={points(soon, language)} />
        </Flex>
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {t('customer.lots')}
        </Typography.Title>
        <Table<PointsLot>
          rowKey="lotId"
          size="small"
          loading={lots.isPending}
          dataSource={lots.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('customer.noLots') }}
          columns={[
            {
              title: t('customer.lotSource'),
              key: 'source',
              render: (_value, lot) => (
                <>
                  {t(`lotSources.${lot.source}`, { defaultValue: lot.source })}
                  {lot.reason && (
                    <Typography.Text type="secondary" translate="no">
                      {' '}
                      — {reasonText(lot.reason)}
                    </Typography.Text>
                  )}
                </>
              ),
            },
            {
              title: t('customer.lotState'),
              key: 'state',
              render: (_value, lot) => (
                <Tag color={lotColors[lot.state]}>{t(`lotStates.${lot.state}`)}</Tag>
              ),
            },
            {
              title: t('customer.remaining'),
              key: 'remaining',
              align: 'right',
              render: (_value, lot) =>
                `${points(lot.remaining, language)} / ${points(lot.amount, language)}`,
            },
            {
              title: t('customer.activatesAt'),
              key: 'activatesAt',
              render: (_value, lot) => date(lot.activatesAt, language),
            },
            {
              title: t('customer.expiresAt'),
              key: 'expiresAt',
              render: (_value, lot) =>
                lot.expiresAt ? date(lot.expiresAt, language) : t('customer.never'),
            },
          ]}
        />
      </Card>
      <Card title={t('customer.ledger')} style={{ marginBottom: 16 }}>
        <Table<PointsEntry>
          rowKey="id"
          size="small"
          loading={entries.isPending}
          dataSource={entries.data?.pages.flatMap((page) => page.items) ?? []}
          pagination={false}
          locale={{ emptyText: t('customer.noEntries') }}
          columns={[
            {
              // Entries come newest posting first: the posting time is the order the list is in;
              // an effective (business) time apart from it, e.g. an offline check's, is shown under.
              title: t('customerPage.postedAt'),
              key: 'when',
              render: (_value, entry) => {
                const posted = dateTime(entry.createdAt, language);
                const effective = dateTime(entry.effectiveAt, language);
                return (
                  <>
                    {posted}
                    {effective !== posted && (
                      <div>
                        <Typography.Text type="secondary">
                          {t('customerPage.effectiveAt', { at: effective })}
                        </Typography.Text>
                      </div>
                    )}
                  </>
                );
              },
            },
            {
              title: t('customer.entryKind'),
              key: 'kind',
              render: (_value, entry) =>
                t(`entryKinds.${entry.kind}`, { defaultValue: entry.kind }),
            },
            {
              title: t('customer.move'),
              key: 'move',
              render: (_value, entry) =>
                `${t(`accounts.${entry.from}`)} → ${t(`accounts.${entry.to}`)}`,
            },
            {
              title: t('customer.pointsColumn'),
              key: 'points',
              align: 'right',
              render: (_value, entry) => {
                const change = signed(entry);
                const text = points(entry.points, language);
                if (change > 0) return <Typography.Text type="success">+{text}</Typography.Text>;
                if (change < 0) return <Typography.Text type="danger">−{text}</Typography.Text>;
                return text;
              },
            },
            {
              title: t('customer.reason'),
              key: 'reason',
              render: (_value, entry) => <span translate="no">{reasonText(entry.reason)}</span>,
            },
          ]}
        />
        {entries.hasNextPage && (
          <Button
            style={{ marginTop: 12 }}
            loading={entries.isFetchingNextPage}
            onClick={() => void entries.fetchNextPage()}
          >
            {t('paging.more')}
          </Button>
        )}
      </Card>
    </>
  );
}
