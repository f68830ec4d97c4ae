import { Alert, Input, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../api/problem';
import { useCategories } from '../../api/queries';
import { money } from '../../format';
import { languageOf } from '../../i18n';
import { KeysetPager, useKeysetPaging } from '../KeysetPager';
import { type StoredProduct, useCatalogueProducts } from './catalogue-queries';

const flags = ['noDiscount', 'noPointsPayment', 'noAccrual'] as const;

/**
 * The products of a category (its subcategories too), searched by name or SKU, a page at a time.
 * Keyed by the category, so another category starts afresh.
 */
export function ProductsTable({ categoryId }: { categoryId: string | null }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const [q, setQ] = useState('');
  const paging = useKeysetPaging<string>();
  const products = useCatalogueProducts({ categoryId, q, after: paging.after });
  const categories = useCategories();
  const categoryNames = useMemo(
    () => new Map((categories.data ?? []).map((c) => [c.id, c.name])),
    [categories.data],
  );
  const nextAfter = products.data?.nextAfter ?? null;
  return (
    <>
      <Input.Search
        allowClear
        placeholder={t('catalogue.searchPlaceholder')}
        aria-label={t('catalogue.search')}
        onSearch={(text) => {
          setQ(text.trim());
          paging.restart();
        }}
        style={{ maxWidth: 420, marginBottom: 16 }}
        data-testid="product-search"
      />
      {products.error && (
        <Alert
          type="error"
          style={{ marginBottom: 16 }}
          title={
            products.error instanceof ProblemError
              ? t(`problems.${products.error.problem.code}`, {
                  defaultValue: products.error.problem.detail,
                })
              : t('errors.network')
          }
        />
      )}
      <Table<StoredProduct>
        rowKey="sku"
        size="middle"
        loading={products.isFetching}
        dataSource={products.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: q ? t('catalogue.nothingFound') : t('catalogue.none') }}
        data-testid="products"
        columns={[
          {
            title: t('catalogue.sku'),
            key: 'sku',
            render: (_value, product) => (
              <code translate="no" style={{ whiteSpace: 'nowrap' }}>
                {product.sku}
              </code>
            ),
          },
          {
            title: t('catalogue.name'),
            key: 'name',
            render: (_value, product) => <span translate="no">{product.name}</span>,
          },
          {
            title: t('catalogue.category'),
            key: 'category',
            render: (_value, product) =>
              product.categoryId === null ? (
                '—'
              ) : (
                <span translate="no">
                  {categoryNames.get(product.categoryId) ?? product.categoryId}
                </span>
              ),
          },
          {
            title: t('catalogue.brand'),
            key: 'brand',
            render: (_value, product) => <span translate="no">{product.brand ?? '—'}</span>,
          },
          {
            title: t('catalogue.tags'),
            key: 'tags',
            render: (_value, product) => (
              <Space size={[4, 4]} wrap>
                {product.tags.map((tag) => (
                  <Tag key={tag} translate="no">
                    {tag}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('catalogue.minPrice'),
            key: 'minPrice',
            align: 'right',
            render: (_value, product) =>
              product.minPriceMinor === null ? '—' : money(product.minPriceMinor, language),
          },
          {
            title: t('catalogue.restrictions'),
            key: 'restrictions',
            render: (_value, product) => (
              <Space size={[4, 4]} wrap>
                {flags
                  .filter((flag) => product[flag])
                  .map((flag) => (
                    <Tag key={flag} color="orange">
                      {t(`catalogue.flags.${flag}`)}
                    </Tag>
                  ))}
              </Space>
            ),
          },
        ]}
      />
      <KeysetPager paging={paging} nextAfter={nextAfter} />
    </>
  );
}
