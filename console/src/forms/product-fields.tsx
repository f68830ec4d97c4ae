import { Select, Space, TreeSelect, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Category, useCategories, useProducts } from '../api/queries';
import { languageOf } from '../i18n';
import { isEverything } from './scope-criteria';
import { ScopeReach } from './scope-reach';

/** Which lines a promotion looks at (the engine's product selector); other criteria are kept. */
export interface ProductScope {
  categoryIds?: string[];
  skus?: string[];
  [criterion: string]: unknown;
}

interface TreeNode {
  value: string;
  title: ReactNode;
  /** The name searched by (the title is drawn as the catalogue's data). */
  name: string;
  children: TreeNode[];
}

function tree(categories: Category[]): TreeNode[] {
  const nodes = new Map(
    categories.map((category) => [
      category.id,
      {
        value: category.id,
        title: <span translate="no">{category.name}</span>,
        name: category.name,
        children: [] as TreeNode[],
      },
    ]),
  );
  const roots: TreeNode[] = [];
  for (const category of categories) {
    const node = nodes.get(category.id) as TreeNode;
    const parent = category.parentId ? nodes.get(category.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Products by name, found as the operator types. */
function useProductOptions() {
  const [search, setSearch] = useState('');
  const products = useProducts(search);
  return {
    onSearch: setSearch,
    loading: products.isFetching,
    options: (products.data ?? []).map((product) => ({
      value: product.sku,
      label: <span translate="no">{`${product.name} (${product.sku})`}</span>,
    })),
  };
}

/**
 * Categories from the catalogue tree (a category takes its subcategories) and single products,
 * with how many products that reaches; `everything` says what choosing nothing means here.
 */
export function ScopeField({
  value,
  onChange,
  id,
  everything: everythingText,
}: {
  value?: ProductScope;
  onChange?: (value: ProductScope) => void;
  id?: string;
  everything?: string;
}) {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const products = useProductOptions();
  const change = (criterion: 'categoryIds' | 'skus', list: string[]) => {
    const next: ProductScope = { ...value };
    if (list.length > 0) next[criterion] = list;
    else delete next[criterion];
    onChange?.(next);
  };
  const everything = isEverything(value);
  return (
    // Category and product names are the catalogue's data, in its own language.
    <Space direction="vertical" style={{ width: '100%', maxWidth: 560 }} translate="no">
      <TreeSelect
        id={id}
        multiple
        treeDefaultExpandAll
        showSearch
        treeNodeFilterProp="name"
        placeholder={t('scope.categories')}
        style={{ width: '100%' }}
        loading={categories.isPending}
        treeData={tree(categories.data ?? [])}
        value={value?.categoryIds ?? []}
        onChange={(list: string[]) => change('categoryIds', list)}
      />
      <Select
        mode="multiple"
        showSearch
        filterOption={false}
        placeholder={t('scope.products')}
        style={{ width: '100%' }}
        value={value?.skus ?? []}
        onChange={(list: string[]) => change('skus', list)}
        {...products}
      />
      {everything ? (
        // Choosing nothing is worth a warning where it widens a promotion, not where it drops a condition.
        <Typography.Text type={everythingText ? 'secondary' : 'warning'}>
          {everythingText ?? t('scope.everything')}
        </Typography.Text>
      ) : (
        <ScopeReach scope={value} language={languageOf(i18n)} />
      )}
    </Space>
  );
}

/** One product, by name or SKU. */
export function ProductPicker({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const products = useProductOptions();
  return (
    <div translate="no">
      <Select
        id={id}
        showSearch
        filterOption={false}
        placeholder={t('scope.product')}
        style={{ width: '100%', maxWidth: 560 }}
        value={value}
        onChange={(sku: string) => onChange?.(sku)}
        {...products}
      />
    </div>
  );
}
