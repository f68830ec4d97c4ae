import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../session';
import { BatchList } from './BatchList';
import { CardLookup } from './CardLookup';
import { IssueBatch } from './IssueBatch';

/**
 * Gift cards: the issued batches, issue a batch (marketers, admins) and look a card up (everyone
 * who reads).
 */
export default function GiftCardsPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <>
      <Typography.Title level={2}>{t('giftCards.title')}</Typography.Title>
      <BatchList />
      {can(session.data, 'gift-cards.write') && <IssueBatch />}
      <CardLookup statement={can(session.data, 'gift-cards.statement')} />
    </>
  );
}
