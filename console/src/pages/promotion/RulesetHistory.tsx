import { Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../format';
import { languageOf } from '../../i18n';
import { KeysetPager, useKeysetPaging } from '../KeysetPager';
import { type RulesetVersionEntry, useRulesetVersions } from './promotion-queries';
import { VersionDiff } from './VersionDiff';

/** Ruleset versions newest first: who changed what and when; a row opens its diff. */
export function RulesetHistory() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const paging = useKeysetPaging<number>();
  const versions = useRulesetVersions(paging.after);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('history.lead')}</Typography.Paragraph>
      <Table<RulesetVersionEntry>
        rowKey="version"
        loading={versions.isPending}
        dataSource={versions.data?.items ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (entry) => <VersionDiff version={entry.version} />,
          expandRowByClick: true,
        }}
        columns={[
          { title: t('history.version'), dataIndex: 'version', width: 100 },
          {
            title: t('history.when'),
            key: 'when',
            render: (_v, entry) => dateTime(entry.createdAt, language),
          },
          {
            title: t('history.who'),
            key: 'who',
            // A version keeps only the writer's name; Perk's own writers have fixed English names.
            render: (_v, entry) => (
              <span translate="no">
                {t(`audit.builtInActors.${entry.actor}`, { defaultValue: entry.actor })}
              </span>
            ),
          },
          {
            title: t('history.what'),
            key: 'what',
            render: (_v, entry) => <ChangeCounts changes={entry.changes} />,
          },
          {
            title: t('history.active'),
            dataIndex: 'promotions',
            align: 'right',
          },
        ]}
      />
      <KeysetPager paging={paging} nextAfter={versions.data?.nextBefore ?? null} />
    </>
  );
}

function ChangeCounts({ changes }: { changes: RulesetVersionEntry['changes'] }) {
  const { t } = useTranslation();
  const parts = [
    { count: changes.added, key: 'added', color: 'green' },
    { count: changes.removed, key: 'removed', color: 'red' },
    { count: changes.changed, key: 'changed', color: 'blue' },
  ].filter((part) => part.count > 0);
  if (parts.length === 0 && changes.settings === 0)
    return <Typography.Text type="secondary">{t('history.noChange')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      {parts.map((part) => (
        <Tag key={part.key} color={part.color}>
          {t(`history.counts.${part.key}`, { count: part.count })}
        </Tag>
      ))}
      {changes.settings > 0 && <Tag>{t('history.counts.settings')}</Tag>}
    </Space>
  );
}
