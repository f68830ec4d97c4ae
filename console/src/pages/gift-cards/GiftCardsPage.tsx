import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../session';
import { CardLookup } from './CardLookup';
import { IssueBatch } from './IssueBatch';

/** Gift cards: issue a batch (marketers, admins) and look a card up (everyone who reads). */
export default function GiftCardsPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <>
      <Typography.Title level={2}>{t('giftCards.title')}</Typography.Title>
      {can(session.data, 'gift-cards.write') && <IssueBatch />}
      <CardLookup statement={can(session.data, 'gift-cards.statement')} />
    </>
  );
}
