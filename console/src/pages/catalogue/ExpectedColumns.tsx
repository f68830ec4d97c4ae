import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

// The columns `perk import` and POST /v1/imports/* read; `true` marks a required one.
const files = {
  categories: [
    ['id', true],
    ['name', true],
    ['parent_id', false],
  ],
  products: [
    ['sku', true],
    ['name', true],
    ['category_id', false],
    ['brand', false],
    ['min_price_minor', false],
    ['no_discount', false],
    ['no_points_payment', false],
    ['no_accrual', false],
    ['tags', false],
    ['attr:<name>', false],
  ],
} as const;

/** What a categories file and a products file hold, column by column. */
export function ExpectedColumns() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t('catalogue.import.fileRules')}
      </Typography.Paragraph>
      {(['categories', 'products'] as const).map((kind) => (
        <div key={kind} style={{ marginBottom: 16 }}>
          <Typography.Text strong>{t(`catalogue.import.${kind}File`)}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey={([column]) => column}
            dataSource={files[kind].map(([column, required]) => [column, required] as const)}
            data-testid={`columns-${kind}`}
            columns={[
              {
                title: t('catalogue.import.column'),
                key: 'column',
                width: 220,
                render: (_value, [column, required]) => (
                  <>
                    <code translate="no">{column}</code>{' '}
                    {required && <Tag color="blue">{t('catalogue.import.required')}</Tag>}
                  </>
                ),
              },
              {
                title: t('catalogue.import.meaning'),
                key: 'meaning',
                render: (_value, [column]) =>
                  t(`catalogue.import.meanings.${kind}.${column.replace(':<name>', '')}`),
              },
            ]}
          />
        </div>
      ))}
    </>
  );
}
