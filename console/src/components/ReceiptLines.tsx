import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { CartCalculation } from '../api/queries';
import { money } from '../format';
import { languageOf } from '../i18n';

export type ReceiptLine = CartCalculation['lines'][number];

/**
 * A priced cart's receipt lines: SKU, quantity, regular price, discount and total, and the
 * columns a page adds. A line may come back split in two under one line id, so rows are keyed by
 * position too.
 */
export function ReceiptLines({
  lines,
  extraColumns = [],
}: {
  lines: readonly ReceiptLine[];
  extraColumns?: ColumnsType<ReceiptLine>;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const amount = (title: string, dataIndex: keyof ReceiptLine) => ({
    title,
    dataIndex,
    align: 'right' as const,
    render: (value: number) => money(value, language),
  });
  return (
    <Table<ReceiptLine>
      rowKey={(line) => `${line.lineId}-${lines.indexOf(line)}`}
      size="small"
      pagination={false}
      dataSource={[...lines]}
      columns={[
        {
          title: t('why.sku'),
          dataIndex: 'sku',
          render: (sku) => <span translate="no">{sku}</span>,
        },
        { title: t('why.quantity'), dataIndex: 'quantity' },
        amount(t('why.regular'), 'regularTotalMinor'),
        amount(t('why.discount'), 'discountMinor'),
        amount(t('why.total'), 'totalMinor'),
        ...extraColumns,
      ]}
    />
  );
}
