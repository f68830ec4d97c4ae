import type { Actor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import { putCategories, type UpsertSummary } from './categories.ts';
import type { Category } from './category-tree.ts';
import type { Product } from './product.ts';
import { upsertProducts } from './products.ts';

/**
 * Where a catalogue import writes: the database itself, or a running server's API when that
 * server holds the embedded database (`cli/http-catalogue.ts`). Both refuse a batch the same
 * way, with every problem at `/categories/<i>/…` or `/products/<i>/…`.
 */
export interface CatalogueWriter {
  /** Every stored category's id and parent, to check a file against. */
  categoryLinks(): Promise<Pick<Category, 'id' | 'parentId'>[]>;
  /** Creates or replaces categories; parents may come in the same batch, in any order. */
  putCategories(batch: readonly Category[]): Promise<UpsertSummary>;
  /** Creates or replaces products, all or nothing. */
  upsertProducts(batch: readonly Product[]): Promise<UpsertSummary>;
}

/** `written` is told after each batch commits (a node forgets the catalogue it keeps). */
export function directCatalogue(
  db: Db,
  actor: Actor,
  written: () => void = () => undefined,
): CatalogueWriter {
  const telling = async (write: Promise<UpsertSummary>) => {
    const summary = await write;
    written();
    return summary;
  };
  return {
    async categoryLinks() {
      const rows = await db.selectFrom('categories').select(['id', 'parent_id']).execute();
      return rows.map((c) => ({ id: c.id, parentId: c.parent_id }));
    },
    putCategories: (batch) => telling(putCategories(db, actor, batch)),
    upsertProducts: (batch) => telling(upsertProducts(db, actor, batch)),
  };
}
