import type { Db } from '../store/database.ts';
import { CategoryTree } from './category-tree.ts';

export interface CategoryProductCount {
  categoryId: string;
  /** Products filed in the category itself. */
  products: number;
  /** Products in the category and every category below it (what the category filter lists). */
  withSubcategories: number;
}

export interface ProductCounts {
  /** Every category, by id, including those with no product. */
  items: CategoryProductCount[];
  total: number;
  /** Products in no category. */
  uncategorised: number;
}

/** How many products each category holds, itself and with its subcategories, in one count. */
export async function countProductsByCategory(db: Db): Promise<ProductCounts> {
  const [categories, counts] = await Promise.all([
    db.selectFrom('categories').select(['id', 'parent_id']).orderBy('id').execute(),
    db
      .selectFrom('products')
      .select(['category_id', db.fn.countAll<string>().as('n')])
      .groupBy('category_id')
      .execute(),
  ]);
  const tree = new CategoryTree(categories.map((c) => ({ id: c.id, parentId: c.parent_id })));
  const own = new Map<string, number>();
  const within = new Map<string, number>();
  let total = 0;
  let uncategorised = 0;
  for (const row of counts) {
    // count(*) is a bigint, which the driver hands over as text.
    const n = Number(row.n);
    total += n;
    if (row.category_id === null) {
      uncategorised = n;
      continue;
    }
    own.set(row.category_id, n);
    for (const id of tree.withAncestors(row.category_id)) within.set(id, (within.get(id) ?? 0) + n);
  }
  const items = categories.map(({ id }) => ({
    categoryId: id,
    products: own.get(id) ?? 0,
    withSubcategories: within.get(id) ?? 0,
  }));
  return { items, total, uncategorised };
}
