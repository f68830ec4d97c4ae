import { type Kysely, type Selectable, sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, invalid, notFound, ProblemCollector } from '../errors.ts';
import { canonicalJson } from '../points/canonical-json.ts';
import type { Db } from '../store/database.ts';
import type { Database, ProductsTable } from '../store/schema.ts';
import type { UpsertSummary } from './categories.ts';
import { checkProduct, completeProduct, type Product, type ProductInput } from './product.ts';

/** Most products one upsert call takes. */
export const maxProductsPerCall = 10_000;
// 1 000 rows × 10 columns stays far below PostgreSQL's 65 535 bind parameters per statement.
const chunkSize = 1000;

/**
 * Creates or replaces products (each a full replacement) in one transaction, all or nothing.
 * Refuses with every problem at `/products/<index>/<field>`: codes `invalid_value`,
 * `duplicate_sku`, `unknown_category` (`validation_failed` when several). Writes one audit row,
 * `products.upsert`, whose `after` lists the SKUs created and updated; unchanged rows are not
 * rewritten. With `createOnly`, a SKU already stored as another product is 409 `product_exists`
 * (the same product again is a harmless retry, counted unchanged).
 */
export async function upsertProducts(
  db: Db,
  actor: Actor,
  inputs: readonly ProductInput[],
  options: { createOnly?: boolean } = {},
): Promise<UpsertSummary> {
  if (inputs.length > maxProductsPerCall) {
    throw invalid(
      'batch_too_large',
      `send at most ${maxProductsPerCall} products a call`,
      '/products',
    );
  }
  const products = inputs.map(completeProduct);
  return db.transaction().execute(async (trx) => {
    const problems = new ProblemCollector();
    await checkBatch(trx, products, problems);
    problems.throwIfAny();
    const changed = await writeProducts(trx, products, options.createOnly ?? false);
    if (options.createOnly) await refuseReplacements(trx, products, changed);
    const created = changed.filter((c) => c.inserted).map((c) => c.sku);
    const updated = changed.filter((c) => !c.inserted).map((c) => c.sku);
    if (changed.length > 0) {
      await recordAudit(trx, actor, {
        action: 'products.upsert',
        entityType: 'product',
        entityId: `${changed.length} products`,
        after: { created, updated },
      });
    }
    return {
      received: products.length,
      created: created.length,
      updated: updated.length,
      unchanged: products.length - changed.length,
    };
  });
}

async function checkBatch(
  trx: Kysely<Database>,
  products: readonly Product[],
  problems: ProblemCollector,
): Promise<void> {
  const firstIndex = new Map<string, number>();
  products.forEach((p, i) => {
    for (const problem of checkProduct(p)) {
      problems.add(`/products/${i}/${problem.field}`, problem.code, problem.message);
    }
    const first = firstIndex.get(p.sku);
    if (first === undefined) firstIndex.set(p.sku, i);
    else problems.add(`/products/${i}/sku`, 'duplicate_sku', `already given at /products/${first}`);
  });
  const wanted = [...new Set(products.flatMap((p) => (p.categoryId ? [p.categoryId] : [])))];
  if (wanted.length === 0) return;
  const found = await trx
    .selectFrom('categories')
    .select('id')
    .where('id', '=', sql<string>`any(${wanted}::text[])`)
    .execute();
  const known = new Set(found.map((c) => c.id));
  products.forEach((p, i) => {
    if (p.categoryId !== null && !known.has(p.categoryId)) {
      problems.add(
        `/products/${i}/categoryId`,
        'unknown_category',
        `no category "${p.categoryId}"`,
      );
    }
  });
}

const productColumns = [
  'name',
  'category_id',
  'brand',
  'attributes',
  'tags',
  'min_price_minor',
  'no_discount',
  'no_points_payment',
  'no_accrual',
] as const;

/**
 * Products a create-only write left alone must be the very products sent. Reading them after the
 * insert (not before) sees a concurrent create too, since the insert waited for it.
 */
async function refuseReplacements(
  trx: Kysely<Database>,
  products: readonly Product[],
  written: readonly { sku: string }[],
): Promise<void> {
  const done = new Set(written.map((w) => w.sku));
  const left = products.filter((p) => !done.has(p.sku));
  if (left.length === 0) return;
  const rows = await trx
    .selectFrom('products')
    .selectAll()
    .where('sku', '=', sql<string>`any(${left.map((p) => p.sku)}::text[])`)
    .execute();
  const stored = new Map(rows.map((row) => [row.sku, canonicalJson(toProduct(row))]));
  products.forEach((p, i) => {
    if (done.has(p.sku) || stored.get(p.sku) === canonicalJson(p)) return;
    throw conflict(
      'product_exists',
      `Product "${p.sku}" exists with other fields; PUT /v1/products/${p.sku} replaces it`,
      `/products/${i}/sku`,
    );
  });
}

/**
 * Upserts in chunks (only inserts when `insertOnly`); returns the SKUs that were created or
 * actually changed.
 */
async function writeProducts(
  trx: Kysely<Database>,
  products: readonly Product[],
  insertOnly: boolean,
): Promise<{ sku: string; inserted: boolean }[]> {
  const stored = sql.join(productColumns.map((c) => sql.ref(`products.${c}`)));
  const incoming = sql.join(productColumns.map((c) => sql.ref(`excluded.${c}`)));
  const changed: { sku: string; inserted: boolean }[] = [];
  for (let i = 0; i < products.length; i += chunkSize) {
    const written = await trx
      .insertInto('products')
      .values(products.slice(i, i + chunkSize).map(toRow))
      .onConflict((oc) =>
        insertOnly
          ? oc.column('sku').doNothing()
          : oc
              .column('sku')
              .doUpdateSet((eb) => ({
                ...Object.fromEntries(productColumns.map((c) => [c, eb.ref(`excluded.${c}`)])),
                updated_at: sql`now()`,
              }))
              .where(sql<boolean>`(${stored}) IS DISTINCT FROM (${incoming})`),
      )
      // xmax is 0 on a freshly inserted row version, non-zero on an updated one.
      .returning(['sku', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
    changed.push(...written);
  }
  return changed;
}

function toRow(p: Product) {
  return {
    sku: p.sku,
    name: p.name,
    category_id: p.categoryId,
    brand: p.brand,
    attributes: JSON.stringify(p.attributes),
    tags: p.tags,
    min_price_minor: p.minPriceMinor,
    no_discount: p.noDiscount,
    no_points_payment: p.noPointsPayment,
    no_accrual: p.noAccrual,
  };
}

type ProductRow = Omit<Selectable<ProductsTable>, 'updated_at'>;

/** Maps a stored row back to the API shape. */
export function toProduct(row: ProductRow): Product {
  return {
    sku: row.sku,
    name: row.name,
    categoryId: row.category_id,
    brand: row.brand,
    attributes: row.attributes,
    tags: row.tags,
    minPriceMinor: row.min_price_minor,
    noDiscount: row.no_discount,
    noPointsPayment: row.no_points_payment,
    noAccrual: row.no_accrual,
  };
}

/** One product; 404 `product_not_found` when the SKU is unknown. */
export async function getProduct(db: Db, sku: string): Promise<Product> {
  const row = await db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst();
  if (!row) throw notFound('product_not_found', `No product with SKU "${sku}"`, '/sku');
  return toProduct(row);
}
