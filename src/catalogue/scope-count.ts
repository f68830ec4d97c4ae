import { type RawBuilder, sql } from 'kysely';
import type { ProductSelector, SelectorCriteria } from '../engine/selector/product-selector.ts';
import type { Db } from '../store/database.ts';
import { loadCategoryTree } from './categories.ts';
import type { CategoryTree } from './category-tree.ts';

/**
 * Each criterion of a selector as a condition on a product row, as the engine's selector tests a
 * cart line (`selectorMatches`): any of a list; a category with its subcategories; every attribute
 * condition. Never null, so an exclusion's NOT keeps products that lack the field. Price criteria
 * are left out: the catalogue holds no prices (carts bring them).
 */
function criteriaOf(criteria: SelectorCriteria, tree: CategoryTree): RawBuilder<boolean>[] {
  const tests: RawBuilder<boolean>[] = [];
  if (criteria.skus) tests.push(sql`sku = any(${criteria.skus}::text[])`);
  if (criteria.categoryIds) {
    const below = criteria.categoryIds.flatMap((id) => tree.withDescendants(id));
    tests.push(sql`coalesce(category_id = any(${below}::text[]), false)`);
  }
  if (criteria.brands) tests.push(sql`coalesce(brand = any(${criteria.brands}::text[]), false)`);
  if (criteria.tags) tests.push(sql`coalesce(tags && ${criteria.tags}::text[], false)`);
  for (const condition of criteria.attributes ?? []) {
    const allowed = [
      ...(condition.equals === undefined ? [] : [condition.equals]),
      ...(condition.in ?? []),
    ];
    // A value is one of the allowed ones, compared as JSON (the text "1" is not the number 1).
    tests.push(
      sql`coalesce(jsonb_build_array(attributes -> ${condition.key}) <@ ${JSON.stringify(allowed)}::jsonb, false)`,
    );
  }
  return tests;
}

/**
 * How many catalogue products a selector reaches today, exactly: those meeting every criterion
 * and none of the exclusions (any one excludes), price criteria aside. One count in the database,
 * however large the catalogue.
 */
export async function countProductsInScope(db: Db, selector: ProductSelector): Promise<number> {
  const tree = await loadCategoryTree(db);
  const { exclude, ...own } = selector;
  const included = criteriaOf(own, tree);
  const excluded = exclude ? criteriaOf(exclude, tree) : [];
  const conditions = [
    ...included,
    ...(excluded.length > 0 ? [sql<boolean>`not (${sql.join(excluded, sql` or `)})`] : []),
  ];
  const row = await db
    .selectFrom('products')
    .select(db.fn.countAll<string>().as('n'))
    .where(
      conditions.length > 0
        ? sql<boolean>`${sql.join(conditions, sql` and `)}`
        : sql<boolean>`true`,
    )
    .executeTakeFirstOrThrow();
  // count(*) is a bigint, which the driver hands over as text.
  return Number(row.n);
}
