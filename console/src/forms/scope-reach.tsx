import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Category } from '../api/queries';
import { count } from '../format';
import type { Language } from '../i18n';
import { useProductCounts } from '../pages/catalogue/catalogue-queries';
import type { ProductScope } from './product-fields';

/**
 * The products in the chosen categories, each counted once: a category chosen with one of its
 * ancestors is already in the ancestor's count, which takes its subcategories (as the server's
 * product counts and its selectors do).
 */
function inCategories(
  chosen: string[],
  categories: Category[],
  withSubcategories: Map<string, number>,
): number {
  const parentOf = new Map(categories.map((category) => [category.id, category.parentId]));
  const picked = new Set(chosen);
  const underPicked = (id: string) => {
    for (let parent = parentOf.get(id); parent; parent = parentOf.get(parent)) {
      if (picked.has(parent)) return true;
    }
    return false;
  };
  return chosen
    .filter((id) => !underPicked(id))
    .reduce((sum, id) => sum + (withSubcategories.get(id) ?? 0), 0);
}

/**
 * How many catalogue products a scope reaches, live as it is chosen: by its categories (counts
 * from the server) or its single products. A scope of both reaches the chosen products that lie
 * in the chosen categories, said so with an upper bound. Other criteria (brands, tags) kept from
 * a stored scope leave the count out rather than guess it.
 */
export function ScopeReach({
  scope,
  categories,
  language,
}: {
  scope: ProductScope | undefined;
  categories: Category[];
  language: Language;
}) {
  const { t } = useTranslation();
  const counts = useProductCounts();
  const { categoryIds, skus, ...others } = scope ?? {};
  if (!categoryIds && !skus) return null;
  if (Object.values(others).some((criterion) => criterion !== undefined)) {
    return <Typography.Text type="secondary">{t('scope.otherCriteria')}</Typography.Text>;
  }
  if (!counts.data) return null;
  const withSubcategories = new Map(
    counts.data.items.map((item) => [item.categoryId, item.withSubcategories]),
  );
  const byCategory = categoryIds ? inCategories(categoryIds, categories, withSubcategories) : 0;
  const reached = !skus
    ? byCategory
    : categoryIds
      ? Math.min(byCategory, skus.length)
      : skus.length;
  const text = t(categoryIds && skus ? 'scope.reachBoth' : 'scope.reach', {
    count: reached,
    shown: count(reached, language),
  });
  return (
    <Typography.Text type={reached === 0 ? 'warning' : 'secondary'} data-testid="scope-reach">
      {text}
    </Typography.Text>
  );
}
