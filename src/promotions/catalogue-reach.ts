import { sql } from 'kysely';
import { loadCategoryTree } from '../catalogue/categories.ts';
import type { CategoryTree } from '../catalogue/category-tree.ts';
import type { CartLine } from '../engine/model/cart.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import {
  type ProductSelector,
  type SelectorCriteria,
  selectorMatches,
} from '../engine/selector/product-selector.ts';
import type { Db } from '../store/database.ts';
import type { ReferenceProblem } from './reference-codes.ts';

// Where selectors sit in mechanic args and cart conditions (as the ruleset compiler finds them).
const SELECTOR_KEYS = new Set(['scope', 'trigger', 'target', 'mustContain']);

interface FoundSelector {
  readonly path: string;
  readonly selector: ProductSelector;
}

/** JSON pointers in a stable order: segment by segment, array indexes as numbers. */
function byPath(a: { path: string }, b: { path: string }): number {
  const left = a.path.split('/');
  const right = b.path.split('/');
  for (let k = 0; k < Math.min(left.length, right.length); k += 1) {
    const [x, y] = [left[k] as string, right[k] as string];
    if (x === y) continue;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    return numeric ? Number(x) - Number(y) : x < y ? -1 : 1;
  }
  return left.length - right.length;
}

/** The selectors under `value` (valid definition data), with their paths. */
function selectorsUnder(value: unknown, path: string): FoundSelector[] {
  const found: FoundSelector[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path }];
  while (pending.length > 0) {
    const next = pending.pop() as { value: unknown; path: string };
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (SELECTOR_KEYS.has(next.path.slice(next.path.lastIndexOf('/') + 1))) {
      found.push({ path: next.path, selector: next.value as ProductSelector });
      continue;
    }
    // Pushed last first, so the first member is visited next.
    const entries = Object.entries(next.value);
    for (let k = entries.length - 1; k >= 0; k -= 1) {
      const [key, inner] = entries[k] as [string, unknown];
      pending.push({ value: inner, path: `${next.path}/${key}` });
    }
  }
  return found;
}

/** The ids of one list of a selector, with their paths. */
function idsOf(
  criteria: SelectorCriteria | undefined,
  path: string,
  list: 'skus' | 'brands' | 'categoryIds',
): { id: string; field: string }[] {
  return (criteria?.[list] ?? []).map((id, i) => ({ id, field: `${path}/${list}/${i}` }));
}

interface Known {
  readonly skus: ReadonlySet<string>;
  readonly brands: ReadonlySet<string>;
  readonly tree: CategoryTree;
}

async function lookUp(db: Db, skus: readonly string[], brands: readonly string[]): Promise<Known> {
  const [tree, skuRows, brandRows] = await Promise.all([
    loadCategoryTree(db),
    skus.length === 0
      ? []
      : db
          .selectFrom('products')
          .select('sku')
          .where('sku', '=', sql<string>`any(${[...new Set(skus)]}::text[])`)
          .execute(),
    brands.length === 0
      ? []
      : db
          .selectFrom('products')
          .select('brand')
          .distinct()
          .where('brand', '=', sql<string>`any(${[...new Set(brands)]}::text[])`)
          .execute(),
  ]);
  return {
    tree,
    skus: new Set(skuRows.map((r) => r.sku)),
    brands: new Set(brandRows.flatMap((r) => (r.brand === null ? [] : [r.brand]))),
  };
}

type Reference = { id: string; field: string; kind: 'sku' | 'brand' | 'category' };

function referencesOf(selector: ProductSelector, path: string): Reference[] {
  const of = (criteria: SelectorCriteria | undefined, at: string): Reference[] => [
    ...idsOf(criteria, at, 'skus').map((r) => ({ ...r, kind: 'sku' as const })),
    ...idsOf(criteria, at, 'brands').map((r) => ({ ...r, kind: 'brand' as const })),
    ...idsOf(criteria, at, 'categoryIds').map((r) => ({ ...r, kind: 'category' as const })),
  ];
  return [...of(selector, path), ...of(selector.exclude, `${path}/exclude`)];
}

function unknownReference(ref: Reference, known: Known): ReferenceProblem | null {
  if (ref.kind === 'sku' && !known.skus.has(ref.id)) {
    const message = `No product with SKU "${ref.id}" in the catalogue today`;
    return { field: ref.field, code: 'unknown_sku', message };
  }
  if (ref.kind === 'brand' && !known.brands.has(ref.id)) {
    const message = `No product of brand "${ref.id}" in the catalogue today`;
    return { field: ref.field, code: 'unknown_brand', message };
  }
  if (ref.kind === 'category' && !known.tree.has(ref.id)) {
    return { field: ref.field, code: 'unknown_category', message: `No category "${ref.id}"` };
  }
  return null;
}

/**
 * Catalogue references of a definition that match nothing today: unknown SKUs (a gift's too),
 * brands and categories, and selectors that reach no product (`empty_scope`). These are warnings,
 * not refusals: a promotion may be set up before its products are loaded, and a cart line may
 * bring its facts inline.
 */
export async function catalogueWarnings(
  db: Db,
  definition: PromotionDefinition,
): Promise<ReferenceProblem[]> {
  // By path, not by key order: a definition read back from jsonb has its keys reordered.
  const selectors = [
    ...selectorsUnder(definition.mechanic, '/mechanic'),
    ...selectorsUnder(definition.conditions, '/conditions'),
  ].sort(byPath);
  const references = selectors.flatMap(({ selector, path }) => referencesOf(selector, path));
  const { mechanic } = definition;
  if (mechanic.kind === 'gift') {
    references.push({ id: mechanic.sku, field: '/mechanic/sku', kind: 'sku' });
  }
  const known = await lookUp(
    db,
    references.filter((r) => r.kind === 'sku').map((r) => r.id),
    references.filter((r) => r.kind === 'brand').map((r) => r.id),
  );
  const warnings = references.flatMap((ref) => unknownReference(ref, known) ?? []);
  for (const { selector, path } of selectors) {
    // A selector with an unknown id already has its warning; one product is enough to reach.
    const flagged = warnings.some((w) => w.field.startsWith(`${path}/`));
    if (flagged || (await reachesAProduct(db, known.tree, selector))) continue;
    warnings.push({
      field: path,
      code: 'empty_scope',
      message: 'The selector matches no product of the catalogue today (price criteria aside)',
    });
  }
  return warnings;
}

const PAGE = 1_000;
// A selector the index cannot narrow (attributes only, say) scans the catalogue; past this many
// products the answer is left open rather than slowing the save down.
const MAX_SCANNED = 50_000;

/** The selector without its price criteria: the catalogue holds no prices (carts bring them). */
function withoutPrices(selector: ProductSelector): ProductSelector {
  const { priceMinMinor: _min, priceMaxMinor: _max, exclude, ...rest } = selector;
  if (exclude === undefined) return rest;
  const { priceMinMinor: _xMin, priceMaxMinor: _xMax, ...excluded } = exclude;
  return { ...rest, exclude: excluded };
}

/**
 * Whether any catalogue product matches the selector. Products are read by the most selective
 * of its SKUs, brands, categories (with their subcategories) or tags, a page at a time, and
 * stop at the first match.
 */
async function reachesAProduct(
  db: Db,
  tree: CategoryTree,
  selector: ProductSelector,
): Promise<boolean> {
  const probe = withoutPrices(selector);
  const { skus, brands, categoryIds: categories, tags } = selector;
  let after = '';
  for (let scanned = 0; scanned < MAX_SCANNED; scanned += PAGE) {
    let query = db
      .selectFrom('products')
      .select(['sku', 'category_id', 'brand', 'attributes', 'tags'])
      .where('sku', '>', after)
      .orderBy('sku')
      .limit(PAGE);
    if (skus) query = query.where('sku', '=', sql<string>`any(${skus}::text[])`);
    else if (brands) query = query.where('brand', '=', sql<string>`any(${brands}::text[])`);
    else if (categories) {
      const below = categories.flatMap((id) => tree.withDescendants(id));
      query = query.where('category_id', '=', sql<string>`any(${below}::text[])`);
    } else if (tags) query = query.where(sql<boolean>`tags && ${tags}::text[]`);
    const rows = await query.execute();
    for (const row of rows) {
      const line: CartLine = {
        lineId: row.sku,
        sku: row.sku,
        unitPriceMinor: 0,
        quantity: 1,
        categoryIds: row.category_id === null ? [] : [...tree.withAncestors(row.category_id)],
        ...(row.brand === null ? {} : { brand: row.brand }),
        attributes: row.attributes,
        tags: row.tags,
      };
      if (selectorMatches(probe, line)) return true;
    }
    if (rows.length < PAGE) return false;
    after = (rows.at(-1) as { sku: string }).sku;
  }
  return true;
}
