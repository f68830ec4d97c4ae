import { Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../session';
import { NewSeries } from './NewSeries';
import { SeriesCard } from './SeriesCard';

/** Coupon series: create one (marketers, admins), open one by its code, generate and export codes. */
export default function CouponsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const writes = can(session.data, 'coupons.write');
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <>
      <Typography.Title level={2}>{t('coupons.title')}</Typography.Title>
      <SeriesCard opened={opened} onOpen={setOpened} writes={writes} />
      {writes && <NewSeries onCreated={setOpened} />}
    </>
  );
}
