import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { date, money, points } from '../../format';
import { type Language, languageOf } from '../../i18n';
import { can, useSession } from '../../session';
import { type CampaignReward, type StoredCampaign, useCampaigns } from './campaign-queries';

const statusColors: Record<StoredCampaign['definition']['status'], string> = {
  active: 'green',
  paused: 'orange',
  archived: 'default',
};

/** What completing gives, in words: "300 points", "a coupon of welcome-coupons", "tier gold". */
function rewardText(reward: CampaignReward | null, t: TFunction, language: Language): string {
  if (reward === null) return t('campaigns.rewards.none');
  if (reward.kind === 'points') {
    return t('campaigns.rewardPoints', {
      count: reward.points,
      points: points(reward.points, language),
    });
  }
  if (reward.kind === 'coupon') return t('campaigns.rewardCoupon', { series: reward.seriesId });
  return t('campaigns.rewardTier', { tier: reward.tierId });
}

/** What the customer must do, in words, with the rule's figures. */
function ruleText(rule: StoredCampaign['definition']['rule'], t: TFunction, language: Language) {
  const kind = t(`campaigns.kinds.${rule.kind}`);
  const text = rule.kind === 'purchase_count' ? `${kind}: ${rule.count}` : kind;
  if (!('minAmountMinor' in rule) || rule.minAmountMinor === undefined) return text;
  return `${text}, ${t('campaigns.from', { amount: money(rule.minAmountMinor, language) })}`;
}

export default function CampaignsPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const navigate = useNavigate();
  const session = useSession();
  const writes = can(session.data, 'campaigns.write');
  const campaigns = useCampaigns();
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('campaigns.title')}
        </Typography.Title>
        {writes && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/campaigns/new')}>
            {t('campaigns.new')}
          </Button>
        )}
      </Flex>
      <Table<StoredCampaign>
        rowKey="id"
        loading={campaigns.isPending}
        dataSource={campaigns.data ?? []}
        locale={{ emptyText: t('campaigns.none') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('campaigns.name'),
            key: 'name',
            render: (_value, campaign) => (
              <Link to={`/campaigns/${encodeURIComponent(campaign.id)}`} translate="no">
                {campaign.definition.name}
              </Link>
            ),
          },
          {
            title: t('campaigns.rule'),
            key: 'rule',
            render: (_value, campaign) => ruleText(campaign.definition.rule, t, language),
          },
          {
            title: t('campaigns.reward'),
            key: 'reward',
            render: (_value, campaign) => rewardText(campaign.definition.reward, t, language),
          },
          {
            title: t('campaigns.period'),
            key: 'period',
            render: (_value, campaign) =>
              `${date(campaign.definition.period.from, language)} — ${date(campaign.definition.period.to, language)}`,
          },
          {
            title: t('campaigns.status'),
            key: 'status',
            render: (_value, campaign) => (
              <Tag color={statusColors[campaign.definition.status]}>
                {t(`campaigns.statuses.${campaign.definition.status}`)}
              </Tag>
            ),
          },
        ]}
      />
    </>
  );
}
