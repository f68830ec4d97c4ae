import { Flex, Result, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { components } from '../api/perk-api';
import { usePromotions } from '../api/queries';
import { dateTime, money } from '../format';
import { languageOf } from '../i18n';
import { can, useSession } from '../session';
import AlertsPanel from './watch/AlertsPanel';
import BacktestPanel from './watch/BacktestPanel';
import { useFindings } from './watch/watch-queries';

type Finding = components['schemas']['WatchFinding'];

// The most severe first: what refuses an activation, then what a marketer should look at.
const severityOrder: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

const severityColors: Record<Finding['severity'], string> = {
  error: 'red',
  warning: 'orange',
  info: 'blue',
};

export default function WatchPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const session = useSession();
  const opens = can(session.data, 'promotions.write');
  const watch = useFindings();
  const promotions = usePromotions();
  const nameOf = (id: string) =>
    promotions.data?.find((promotion) => promotion.id === id)?.definition.name ?? id;

  if (watch.isError) return <Result status="warning" title={t('watch.notLoaded')} />;
  return (
    <>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('watch.title')}
        </Typography.Title>
        {watch.data && (
          <Typography.Text type="secondary">
            {t('watch.analysed', {
              count: watch.data.promotions,
              at: dateTime(watch.data.analyzedAt, language),
            })}
          </Typography.Text>
        )}
      </Flex>
      <Table<Finding>
        rowKey={(finding) => `${finding.cause}:${finding.promotionIds.join(',')}`}
        loading={watch.isPending}
        dataSource={[...(watch.data?.findings ?? [])].sort(
          (a, b) => severityOrder[a.severity] - severityOrder[b.severity],
        )}
        locale={{ emptyText: t('watch.none') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('watch.severity'),
            key: 'severity',
            render: (_value, finding) => (
              <Tag color={severityColors[finding.severity]}>
                {t(`watch.severities.${finding.severity}`)}
              </Tag>
            ),
          },
          {
            title: t('watch.kind'),
            key: 'kind',
            render: (_value, finding) => t(`watch.kinds.${finding.kind}`),
          },
          {
            title: t('watch.finding'),
            key: 'text',
            render: (_value, finding) => (
              <span data-finding={finding.cause}>{finding.text[language]}</span>
            ),
          },
          {
            title: t('watch.promotions'),
            key: 'promotions',
            render: (_value, finding) => (
              <Space direction="vertical" size={0}>
                {finding.promotionIds.map((id) =>
                  opens ? (
                    <Link key={id} to={`/promotions/${encodeURIComponent(id)}`} translate="no">
                      {nameOf(id)}
                    </Link>
                  ) : (
                    <span key={id} translate="no">
                      {nameOf(id)}
                    </span>
                  ),
                )}
              </Space>
            ),
          },
          {
            title: t('watch.example'),
            key: 'example',
            render: (_value, finding) =>
              finding.example
                ? `${money(finding.example.subtotalMinor, language)} → ${money(finding.example.totalMinor, language)}`
                : '—',
          },
        ]}
      />
      <BacktestPanel />
      {can(session.data, 'watch.alerts.read') && <AlertsPanel />}
    </>
  );
}
