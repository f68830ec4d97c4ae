import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ProgramSettings, useTierProgram } from '../api/programme';
import { percent } from '../format';
import { languageOf } from '../i18n';

/**
 * The rates each tier sets, read-only: they are edited with the tier programme, in one place. A
 * rate a tier leaves empty is the programme's; per-tier values stored in the settings through the
 * API are listed as they are.
 */
export function TierRatesCard({ settings }: { settings: ProgramSettings }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const tiers = useTierProgram();
  const rate = (bp: number | undefined, byTier: number | undefined) =>
    bp !== undefined
      ? percent(bp / 10_000, language)
      : byTier !== undefined
        ? t('settings.tierRates.fromSettings', { rate: percent(byTier / 10_000, language) })
        : t('settings.tierRates.programme');
  const rows = (tiers.data?.program.tiers ?? []).map((tier) => ({
    id: tier.id,
    name: tier.name[language],
    accrual: rate(tier.accrualRateBp, settings.accrualRateBpByTier?.[tier.id]),
    share: rate(tier.maxRedemptionShareBp, settings.maxRedemptionShareBpByTier?.[tier.id]),
  }));
  return (
    <Card title={t('settings.tierRates.title')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">
        {t('settings.tierRates.hint')} <Link to="/tiers">{t('settings.tierRates.edit')}</Link>
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        loading={tiers.isPending}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('settings.tierRates.none') }}
        columns={[
          {
            title: t('settings.tierRates.tier'),
            dataIndex: 'name',
            render: (name: string) => <span translate="no">{name}</span>,
          },
          { title: t('settings.accrualRate'), dataIndex: 'accrual' },
          { title: t('settings.maxShare'), dataIndex: 'share' },
        ]}
      />
    </Card>
  );
}
