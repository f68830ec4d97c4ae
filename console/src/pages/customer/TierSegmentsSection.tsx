import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Card, Collapse, Descriptions, Empty, Flex, Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type CustomerTier, useCustomerSegments, useCustomerTier } from '../../api/customers';
import { date, money } from '../../format';
import { type Language, languageOf } from '../../i18n';

/** The metric a tier is judged by, as a person reads it: roubles spent or a count of purchases. */
function metricText(tier: CustomerTier, value: number, language: Language, count: string): string {
  return tier.metric?.kind === 'spent_minor' ? money(value, language) : `${value} ${count}`;
}

/** The tier now and how far the next one is. */
export function TierCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const tier = useCustomerTier(customerId);
  const view = tier.data;
  const metric = view?.metric?.value ?? 0;
  const next = view?.next;
  const count = t('customer.purchaseCount');
  const done = next ? Math.min(100, Math.floor((metric * 100) / next.tier.threshold)) : 100;
  return (
    <Card title={t('customer.tier')} loading={tier.isPending} style={{ marginBottom: 16 }}>
      {view && (
        <>
          <Flex align="center" gap={12}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="tier-name">
              {view.tier ? view.tier.name[language] : t('customer.noTier')}
            </Typography.Title>
          </Flex>
          {view.metric && (
            <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
              <Descriptions.Item label={t(`tierMetrics.${view.metric.kind}`)}>
                {metricText(view, view.metric.value, language, count)}
                {view.metric.after &&
                  ` (${t('customer.since')} ${date(view.metric.after, language)})`}
              </Descriptions.Item>
            </Descriptions>
          )}
          {next && (
            <>
              <Progress percent={done} showInfo={false} />
              <Typography.Text type="secondary">{next.message[language]}</Typography.Text>
            </>
          )}
        </>
      )}
    </Card>
  );
}

/** The segments the customer is in, each with the server's reasons; the others folded away. */
export function SegmentsCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const judged = useCustomerSegments(customerId);
  const rows = judged.data ?? [];
  const member = rows.filter((row) => row.explanation.materialised || row.explanation.member);
  return (
    <Card title={t('customer.segments')} loading={judged.isPending} style={{ marginBottom: 16 }}>
      {member.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer.noSegments')} />
      ) : (
        <Collapse
          size="small"
          items={member.map(({ segment, explanation }) => ({
            key: segment.id,
            label: (
              <Flex gap={8} align="center">
                <span translate="no">{segment.name}</span>
                <Tag>{t(`segmentKinds.${segment.kind}`)}</Tag>
                {explanation.member !== explanation.materialised && (
                  <Tag color="orange">{t('customer.segmentPending')}</Tag>
                )}
              </Flex>
            ),
            children:
              explanation.reasons.length === 0 ? (
                <Typography.Text type="secondary">{t('customer.staticList')}</Typography.Text>
              ) : (
                explanation.reasons.map((reason) => (
                  <div key={reason.path}>
                    {reason.held ? (
                      <CheckCircleTwoTone twoToneColor="#52c41a" />
                    ) : (
                      <CloseCircleTwoTone twoToneColor="#bfbfbf" />
                    )}{' '}
                    {reason[language]}
                  </div>
                ))
              ),
          }))}
        />
      )}
    </Card>
  );
}
