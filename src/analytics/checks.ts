import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { HistoryChannel } from '../store/schema.ts';

/** Which checks a figure counts: those of [from, to), of one channel or store when given. */
export interface CheckQuery {
  from: Date;
  to: Date;
  channel?: HistoryChannel | undefined;
  storeId?: string | undefined;
}

/**
 * Every check, live and imported, with what analytics reads of it: the rows of `analytics_checks`,
 * which triggers keep equal to the query docs/analytics.md gives over the purchases and imports.
 */
export const everyCheck = sql`
  SELECT customer_id, store_id, channel, business_at, revenue_minor, items FROM analytics_checks`;

/** The channel and store a query narrows to, whatever the time. */
export function ofScope(query: Pick<CheckQuery, 'channel' | 'storeId'>) {
  return sql`(${query.channel ?? null}::text IS NULL OR channel = ${query.channel ?? null})
      AND (${query.storeId ?? null}::text IS NULL OR store_id = ${query.storeId ?? null})`;
}

/**
 * Runs a figure's queries with room to aggregate and without PostgreSQL's JIT compiler. A period
 * of millions of checks groups hundreds of thousands of customers: with the default 4 MB the hash
 * tables spilled to disk in batches (21 on a month of 400 000 checks). JIT compiled such queries
 * for 1–2.5 s to run them in 0.1–0.3 s: the planner takes every JSON array of a check for 100
 * elements, and ten million rows look dear (docs/analytics.md, "Size").
 */
export function readingFigures<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    return work(trx);
  });
}
