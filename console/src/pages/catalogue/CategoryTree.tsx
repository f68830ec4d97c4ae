import { Empty, Flex, Skeleton, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Category, useCategories } from '../../api/queries';
import { count } from '../../format';
import { languageOf } from '../../i18n';
import { useProductCounts } from './catalogue-queries';

const allProducts = '';

/**
 * The category tree with each category's product count (its subcategories included, as the
 * product filter counts them); choosing one shows its products. The root node is every product.
 */
export function CategoryTree({
  selected,
  onSelect,
}: {
  selected: string | null;
  onSelect: (categoryId: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const categories = useCategories();
  const counts = useProductCounts();
  const treeData = useMemo(() => {
    const within = new Map(
      (counts.data?.items ?? []).map((c) => [c.categoryId, c.withSubcategories]),
    );
    const label = (name: string, products: number | undefined) => (
      <Flex justify="space-between" gap={8}>
        <span translate="no">{name}</span>
        <Typography.Text type="secondary">
          {products === undefined ? '' : count(products, language)}
        </Typography.Text>
      </Flex>
    );
    const children = new Map<string | null, Category[]>();
    for (const category of categories.data ?? []) {
      const siblings = children.get(category.parentId) ?? [];
      siblings.push(category);
      children.set(category.parentId, siblings);
    }
    const nodes = (parentId: string | null): DataNode[] =>
      (children.get(parentId) ?? [])
        .sort((a, b) => a.name.localeCompare(b.name, language))
        .map((category) => ({
          key: category.id,
          title: label(category.name, within.get(category.id)),
          children: nodes(category.id),
        }));
    return [
      {
        key: allProducts,
        title: label(t('catalogue.allProducts'), counts.data?.total),
        children: nodes(null),
      },
    ];
  }, [categories.data, counts.data, language, t]);
  // Every product and the top categories open, so the first two levels show at once.
  const expandedAtFirst = useMemo(
    () => [
      allProducts,
      ...(categories.data ?? []).filter((c) => c.parentId === null).map((c) => c.id),
    ],
    [categories.data],
  );
  if (categories.isPending) return <Skeleton active />;
  return (
    <>
      <Tree
        blockNode
        showLine
        height={560}
        data-testid="category-tree"
        treeData={treeData}
        defaultExpandedKeys={expandedAtFirst}
        selectedKeys={[selected ?? allProducts]}
        onSelect={(keys) => {
          const [key] = keys;
          if (key !== undefined) onSelect(key === allProducts ? null : String(key));
        }}
      />
      {(categories.data ?? []).length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogue.noCategories')} />
      )}
      {(counts.data?.uncategorised ?? 0) > 0 && (
        <Typography.Text type="secondary">
          {t('catalogue.uncategorised', {
            count: counts.data?.uncategorised,
            formatted: count(counts.data?.uncategorised ?? 0, language),
          })}
        </Typography.Text>
      )}
    </>
  );
}
