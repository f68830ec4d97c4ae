import { sql } from 'kysely';
import { invalid } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { loadCategoryTree } from './categories.ts';
import type { Product } from './product.ts';
import { toProduct } from './products.ts';

export interface ProductQuery {
  /** Return products whose SKU sorts after this one (the previous page's `nextAfter`). */
  after?: string;
  limit: number;
  /** The category or any category below it. */
  categoryId?: string;
  brand?: string;
  /** Case-insensitive substring of the name or the SKU. */
  q?: string;
}

export interface ProductPage {
  items: Product[];
  /** Pass as `after` for the next page; `null` on the last page. */
  nextAfter: string | null;
}

/**
 * A page of products in SKU order (keyset paging, so each product is listed once even while
 * others are added). Refuses an unknown `categoryId` with 400 `unknown_category`.
 */
export async function listProducts(db: Db, query: ProductQuery): Promise<ProductPage> {
  let q = db
    .selectFrom('products')
    .selectAll()
    .orderBy('sku')
    .limit(query.limit + 1);
  if (query.after !== undefined) q = q.where('sku', '>', query.after);
  if (query.brand !== undefined) q = q.where('brand', '=', query.brand);
  if (query.q !== undefined) {
    const part = `%${escapeLike(query.q)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', part), eb('sku', 'ilike', part)]));
  }
  if (query.categoryId !== undefined) {
    const tree = await loadCategoryTree(db);
    const ids = tree.withDescendants(query.categoryId);
    if (ids.length === 0) {
      throw invalid('unknown_category', `No category "${query.categoryId}"`, '/categoryId');
    }
    q = q.where('category_id', '=', sql<string>`any(${ids}::text[])`);
  }
  const rows = await q.execute();
  const items = rows.slice(0, query.limit).map(toProduct);
  const last = items.at(-1);
  return { items, nextAfter: rows.length > query.limit && last ? last.sku : null };
}

/** `%`, `_` and `\` are wildcards or the escape in LIKE; a search for them means the character. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
