import { Alert, Card, Flex, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMechanics, useStores } from '../../api/queries';
import { languageOf } from '../../i18n';
import { type ChangeContext, fieldLabel, valueText } from './change-text';
import { type FieldChange, type RulesetVersionDiff, useRulesetDiff } from './promotion-queries';

type PromotionChange = RulesetVersionDiff['promotions'][number];

const changeColors: Record<PromotionChange['change'], string> = {
  added: 'green',
  removed: 'red',
  changed: 'blue',
};

/** What one ruleset version changed against the one before it, field by field, in words. */
export function VersionDiff({ version }: { version: number }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const diff = useRulesetDiff(version);
  const mechanics = useMechanics();
  const stores = useStores();
  if (diff.isPending) return <Spin />;
  if (diff.isError) return <Alert type="error" title={t('history.diffFailed')} />;
  const context: ChangeContext = {
    t,
    language,
    mechanics: mechanics.data ?? [],
    storeName: (id) => stores.data?.find((store) => store.id === id)?.name ?? id,
  };
  const { promotions, settings } = diff.data;
  if (promotions.length === 0 && settings.length === 0)
    return <Typography.Text type="secondary">{t('history.nothingChanged')}</Typography.Text>;
  return (
    <Flex vertical gap={12} data-testid={`diff-${version}`}>
      {promotions.map((promotion) => (
        <Card
          key={promotion.promotionId}
          size="small"
          title={
            <Flex gap={8} align="center">
              <Tag color={changeColors[promotion.change]}>
                {t(`history.changes.${promotion.change}`)}
              </Tag>
              <span translate="no">{promotion.name}</span>
            </Flex>
          }
        >
          {promotion.change === 'changed' ? (
            <Changes
              fields={promotion.fields}
              label={(path) => fieldLabel(path, 'promotion', promotion.mechanic, context)}
              context={context}
            />
          ) : (
            <Typography.Text type="secondary">
              {t(`history.${promotion.change}Hint`)}
            </Typography.Text>
          )}
        </Card>
      ))}
      {settings.length > 0 && (
        <Card size="small" title={t('history.settings')}>
          <Changes
            fields={settings}
            label={(path) => fieldLabel(path, 'settings', undefined, context)}
            context={context}
          />
        </Card>
      )}
    </Flex>
  );
}

function Changes({
  fields,
  label,
  context,
}: {
  fields: FieldChange[];
  label: (path: string) => string;
  context: ChangeContext;
}) {
  const { t } = context;
  return (
    <Table<FieldChange>
      rowKey="path"
      size="small"
      pagination={false}
      dataSource={fields}
      columns={[
        { title: t('history.field'), key: 'field', render: (_v, change) => label(change.path) },
        {
          title: t('history.before'),
          key: 'before',
          render: (_v, change) => (
            <Typography.Text delete={change.before !== undefined} type="secondary">
              {valueText(change.before, change.path, context)}
            </Typography.Text>
          ),
        },
        {
          title: t('history.after'),
          key: 'after',
          render: (_v, change) => valueText(change.after, change.path, context),
        },
      ]}
    />
  );
}
