import { sql } from 'kysely';
import type { Db } from '../src/store/database.ts';

/** The tables the generator fills with ten or more rows a customer. */
const bulkTables = ['points_entries', 'points_lots', 'points_operations', 'customer_purchase_days'];

/**
 * Drops the secondary indexes of the bulk tables (those backing no constraint: primary keys,
 * unique constraints and the foreign keys' targets stay) and answers a function that creates
 * them again from their own `pg_indexes` definitions and checks the set is exactly as before.
 * Filling a table and then indexing it sorts once instead of inserting every row into trees
 * too large for the buffers: at 1 000 000 customers inserting under the indexes grew 13–28×
 * the 100 000 time where the rows grew 10×.
 */
export async function withoutSecondaryIndexes(db: Db): Promise<() => Promise<void>> {
  const definitions = async () =>
    (
      await sql<{ name: string; definition: string }>`
        SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = any(${bulkTables}::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
            WHERE c.conindid = (quote_ident(i.indexname))::regclass)
        ORDER BY i.indexname`.execute(db)
    ).rows;
  const dropped = await definitions();
  for (const { name } of dropped) await sql`DROP INDEX ${sql.id(name)}`.execute(db);
  return async () => {
    for (const { definition } of dropped) await sql.raw(definition).execute(db);
    const restored = await definitions();
    if (JSON.stringify(restored) !== JSON.stringify(dropped))
      throw new Error(`indexes not restored exactly: ${JSON.stringify({ dropped, restored })}`);
  };
}
