import { type Kysely, sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import { type Category, CategoryTree, checkCategoryBatch, parentsFirst } from './category-tree.ts';

export interface UpsertSummary {
  received: number;
  created: number;
  updated: number;
  unchanged: number;
}

/** Most categories one upsert call takes through the API. */
export const maxCategoriesPerCall = 10_000;
const chunkSize = 1000;

/**
 * Creates or replaces categories in one transaction; parents may come in the same batch in any
 * order. Refuses the whole batch (400 `validation_failed` or a single problem's code, see
 * `checkCategoryBatch`) with every problem listed. Writes one audit row, `categories.upsert`.
 * With `createOnly`, an id already stored with another name or parent is 409 `category_exists`
 * (the same one again is a harmless retry, counted unchanged).
 */
export async function putCategories(
  db: Db,
  actor: Actor,
  batch: readonly Category[],
  options: { createOnly?: boolean } = {},
): Promise<UpsertSummary> {
  const summary = await db.transaction().execute(async (trx) => {
    // Writers take turns, so two batches checked against the same old tree cannot together form
    // a cycle; readers are not blocked.
    await sql`LOCK TABLE categories IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const stored = await trx.selectFrom('categories').select(['id', 'name', 'parent_id']).execute();
    const storedLinks = stored.map((c) => ({ id: c.id, parentId: c.parent_id }));
    if (options.createOnly) refuseReplacements(stored, batch);
    const problems = new ProblemCollector();
    for (const p of checkCategoryBatch(storedLinks, batch))
      problems.add(p.field, p.code, p.message);
    problems.throwIfAny();
    const changed = await writeCategories(trx, parentsFirst(storedLinks, batch));
    const created = changed.filter((c) => c.inserted).map((c) => c.id);
    const updated = changed.filter((c) => !c.inserted).map((c) => c.id);
    if (changed.length > 0) {
      await recordAudit(trx, actor, {
        action: 'categories.upsert',
        entityType: 'category',
        entityId: `${changed.length} categories`,
        after: { created, updated },
      });
    }
    return {
      received: batch.length,
      created: created.length,
      updated: updated.length,
      unchanged: batch.length - changed.length,
    };
  });
  if (summary.created + summary.updated > 0) trees.delete(db);
  return summary;
}

function refuseReplacements(
  stored: readonly { id: string; name: string; parent_id: string | null }[],
  batch: readonly Category[],
): void {
  const byId = new Map(stored.map((c) => [c.id, c]));
  batch.forEach((c, i) => {
    const old = byId.get(c.id);
    if (old && (old.name !== c.name || old.parent_id !== c.parentId)) {
      throw conflict(
        'category_exists',
        `Category "${c.id}" exists with another name or parent; PUT /v1/categories/${c.id} replaces it`,
        `/categories/${i}/id`,
      );
    }
  });
}

/** Upserts in chunks; returns the rows that were created or actually changed. */
async function writeCategories(
  trx: Kysely<Database>,
  ordered: readonly Category[],
): Promise<{ id: string; inserted: boolean }[]> {
  const changed: { id: string; inserted: boolean }[] = [];
  for (let i = 0; i < ordered.length; i += chunkSize) {
    const rows = ordered
      .slice(i, i + chunkSize)
      .map((c) => ({ id: c.id, name: c.name, parent_id: c.parentId }));
    const written = await trx
      .insertInto('categories')
      .values(rows)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            parent_id: eb.ref('excluded.parent_id'),
            updated_at: sql`now()`,
          }))
          .where(
            sql<boolean>`(categories.name, categories.parent_id) IS DISTINCT FROM (excluded.name, excluded.parent_id)`,
          ),
      )
      // xmax is 0 on a freshly inserted row version, non-zero on an updated one.
      .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
    changed.push(...written);
  }
  return changed;
}

/** Every category, ordered by id. */
export async function listCategories(db: Db): Promise<Category[]> {
  const rows = await db.selectFrom('categories').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id }));
}

// Changes made through this process are seen at once (the entry is dropped after commit); changes
// made by another node are seen within this many milliseconds, as with cached API keys.
const treeCacheMillis = 10_000;
const trees = new WeakMap<Db, { tree: Promise<CategoryTree>; until: number }>();

/** Drops the cached tree: the change feed heard that another node changed the categories. */
export function forgetCategoryTree(db: Db): void {
  trees.delete(db);
}

/**
 * The category tree, cached per database for carts: `withAncestors(id)` gives a category and all
 * its ancestors, `withDescendants(id)` a category and everything below it.
 */
export function loadCategoryTree(db: Db): Promise<CategoryTree> {
  const now = Date.now();
  const hit = trees.get(db);
  if (hit && hit.until > now) return hit.tree;
  const tree = db
    .selectFrom('categories')
    .select(['id', 'parent_id'])
    .execute()
    .then((rows) => new CategoryTree(rows.map((r) => ({ id: r.id, parentId: r.parent_id }))));
  trees.set(db, { tree, until: now + treeCacheMillis });
  // A failed load must not be served from the cache.
  tree.catch(() => {
    if (trees.get(db)?.tree === tree) trees.delete(db);
  });
  return tree;
}
