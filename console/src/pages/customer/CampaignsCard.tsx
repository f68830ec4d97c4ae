import { Card, Empty, Flex, List, Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { count } from '../../format';
import { languageOf } from '../../i18n';
import { type CampaignProgress, useCustomerCampaigns } from './queries';

/** How far the customer is in each purchase campaign, in the server's own words. */
export function CampaignsCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const campaigns = useCustomerCampaigns(customerId);
  const rows = campaigns.data ?? [];
  return (
    <Card
      title={t('customerPage.campaigns')}
      loading={campaigns.isPending}
      style={{ marginBottom: 16 }}
    >
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customerPage.noCampaigns')} />
      ) : (
        <List<CampaignProgress>
          size="small"
          dataSource={rows}
          renderItem={(row) => (
            <List.Item data-campaign={row.campaignId}>
              <div style={{ width: '100%' }}>
                <Flex justify="space-between" gap={8} wrap>
                  <span translate="no">{row.name}</span>
                  <span>
                    {row.rewarded && <Tag color="green">{t('customerPage.rewarded')}</Tag>}
                    {row.heldOut && <Tag color="orange">{t('customerPage.heldOut')}</Tag>}
                    {t('customerPage.progress', {
                      done: count(row.done, language),
                      target: count(row.target, language),
                    })}
                  </span>
                </Flex>
                <Progress
                  percent={
                    row.target > 0 ? Math.min(100, Math.floor((row.done * 100) / row.target)) : 0
                  }
                  showInfo={false}
                  size="small"
                  status={row.rewarded ? 'success' : 'normal'}
                />
                <Typography.Text type="secondary">{row.text[language]}</Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
