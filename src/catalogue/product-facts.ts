import { type Selectable, sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { ProductsTable } from '../store/schema.ts';
import { loadCategoryTree } from './categories.ts';
import type { AttributeValue } from './product.ts';

/** What a cart calculation needs to know about one product. */
export interface ProductFacts {
  sku: string;
  name: string;
  /** The product's own category, then each ancestor up to the root; empty without a category. */
  categoryIds: readonly string[];
  brand: string | null;
  attributes: Readonly<Record<string, AttributeValue>>;
  tags: readonly string[];
  /** Lowest price a discount may bring one unit to, in minor units (kopecks); `null`: none. */
  minPriceMinor: number | null;
  noDiscount: boolean;
  noPointsPayment: boolean;
  noAccrual: boolean;
}

/**
 * Facts of the given SKUs, keyed by SKU; unknown SKUs are absent (a cart line may carry its
 * facts inline). One query for the products; the category tree comes from the cache, so a warm
 * call is one round-trip.
 */
export async function loadProductFacts(
  db: Db,
  skus: readonly string[],
): Promise<Map<string, ProductFacts>> {
  const facts = new Map<string, ProductFacts>();
  if (skus.length === 0) return facts;
  const [tree, rows] = await Promise.all([
    loadCategoryTree(db),
    // A template, not a builder: every cart and commit sends it.
    sql<ProductRow>`SELECT sku, name, category_id, brand, attributes, tags, min_price_minor,
        no_discount, no_points_payment, no_accrual
      FROM products WHERE sku = any(${[...new Set(skus)]}::text[])`
      .execute(db)
      .then((result) => result.rows),
  ]);
  for (const row of rows) {
    facts.set(row.sku, {
      sku: row.sku,
      name: row.name,
      categoryIds: row.category_id ? tree.withAncestors(row.category_id) : [],
      brand: row.brand,
      attributes: row.attributes,
      tags: row.tags,
      minPriceMinor: row.min_price_minor,
      noDiscount: row.no_discount,
      noPointsPayment: row.no_points_payment,
      noAccrual: row.no_accrual,
    });
  }
  return facts;
}

/** The columns a cart reads of a product. */
type ProductRow = Pick<
  Selectable<ProductsTable>,
  | 'sku'
  | 'name'
  | 'category_id'
  | 'brand'
  | 'attributes'
  | 'tags'
  | 'min_price_minor'
  | 'no_discount'
  | 'no_points_payment'
  | 'no_accrual'
>;
