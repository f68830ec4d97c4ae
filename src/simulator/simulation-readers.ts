import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { MonthGrid } from './month-grid.ts';
import type { PastCheck } from './replay-customer.ts';

/** Customers, each with every check before the period's end in time order; rows read. */
export interface CustomerPage {
  customers: PastCheck[][];
  rows: number;
}

export type CheckReader = 'cursor' | 'ranges';

type Read = (db: Db, grid: MonthGrid, pageSize: number) => AsyncGenerator<CustomerPage>;

// A check's revenue as analytics counts it (docs/analytics.md): a purchase's total less its
// refunds, an imported check's money paid.
export const purchaseRevenue = sql`p.total_minor - coalesce((SELECT sum(r.refund_minor)
  FROM purchase_return_lines r WHERE r.purchase_id = p.id), 0)`;

interface Row {
  c: string;
  at: number;
  amount: string;
}

/** Identified checks before `to` of customers in (after, upper] (null: unbounded), by customer. */
function identifiedChecks(to: Date, after: string | null, upper: string | null) {
  const range = (column: string) =>
    sql`${after === null ? sql`${sql.ref(column)} IS NOT NULL` : sql`${sql.ref(column)} > ${after}::uuid`}
      AND ${upper === null ? sql`true` : sql`${sql.ref(column)} <= ${upper}::uuid`}`;
  return sql`SELECT customer_id::text AS c, at, amount FROM (
      SELECT p.customer_id, floor(extract(epoch FROM p.business_at) * 1000)::float8 AS at,
        ${purchaseRevenue} AS amount
      FROM purchases p
      WHERE ${range('p.customer_id')} AND NOT p.cancelled AND p.business_at < ${to}
      UNION ALL
      SELECT h.customer_id, floor(extract(epoch FROM h.business_at) * 1000)::float8, h.paid_minor
      FROM history_checks h
      WHERE ${range('h.customer_id')} AND NOT h.outlier AND h.business_at < ${to}
    ) x ORDER BY x.customer_id, x.at`;
}

/** Rows in customer order grouped into customers; the last one is returned apart (it may go on). */
function group(rows: readonly Row[], carried: PastCheck[] | null) {
  const customers: PastCheck[][] = [];
  let current: PastCheck[] | null = carried;
  let id: string | null = carried === null ? null : (rows[0]?.c ?? null);
  for (const row of rows) {
    if (row.c !== id || current === null) {
      if (current !== null) customers.push(current);
      current = [];
      id = row.c;
    }
    current.push({ at: Number(row.at), amountMinor: Number(row.amount) });
  }
  return { customers, last: current, lastId: id };
}

/**
 * A range of customers per statement: the range ends where either source's next `pageSize`
 * checks end, so no customer is split. Each statement reads its customers' rows wherever they
 * lie on disk: cheap in PGlite's memory, slow on a large PostgreSQL table (use `cursor`).
 */
const ranges: Read = async function* (db, grid, pageSize) {
  const to = new Date(grid.starts[grid.labels.length] as number);
  let after: string | null = null;
  for (;;) {
    const above = (column: string) =>
      after === null
        ? sql`${sql.ref(column)} IS NOT NULL`
        : sql`${sql.ref(column)} > ${after}::uuid`;
    const bounds = await sql<{ p: string | null; h: string | null }>`SELECT
      (SELECT customer_id::text FROM purchases WHERE ${above('customer_id')}
        ORDER BY customer_id, business_at OFFSET ${pageSize - 1} LIMIT 1) AS p,
      (SELECT customer_id::text FROM history_checks WHERE ${above('customer_id')}
        ORDER BY customer_id, business_at OFFSET ${pageSize - 1} LIMIT 1) AS h`.execute(db);
    const { p, h } = bounds.rows[0] ?? { p: null, h: null };
    // Lower-case hex uuids order as text as they do as uuids.
    const upper = [p, h].filter((id) => id !== null).sort()[0] ?? null;
    const { rows } = await identifiedChecks(to, after, upper).execute(db);
    const { customers, last } = group(rows as Row[], null);
    if (last !== null) customers.push(last);
    if (customers.length > 0) yield { customers, rows: rows.length };
    if (upper === null) return;
    after = upper;
  }
};

/**
 * Every identified check sorted once by the database and fetched `pageSize` rows at a time
 * through a cursor, in one read-only transaction; a customer cut by a fetch is completed by the
 * next. Sequential reads and one sort: the way for PostgreSQL.
 */
const cursor: Read = async function* (db, grid, pageSize) {
  const to = new Date(grid.starts[grid.labels.length] as number);
  const trx = await db.startTransaction().setAccessMode('read only').execute();
  let open = true;
  try {
    await sql`DECLARE simulation_checks NO SCROLL CURSOR FOR ${identifiedChecks(to, null, null)}`.execute(
      trx,
    );
    let carried: PastCheck[] | null = null;
    let carriedId: string | null = null;
    for (;;) {
      const { rows } =
        await sql<Row>`FETCH ${sql.raw(String(pageSize))} FROM simulation_checks`.execute(trx);
      if (rows.length === 0) break;
      // The carried customer goes on only if the fetch starts with it.
      const continues = carried !== null && rows[0]?.c === carriedId;
      const { customers, last, lastId } = group(rows, continues ? carried : null);
      if (!continues && carried !== null) customers.unshift(carried);
      carried = last;
      carriedId = lastId;
      yield { customers, rows: rows.length };
    }
    if (carried !== null) yield { customers: [carried], rows: 0 };
    await trx.commit().execute();
    open = false;
  } finally {
    if (open) await trx.rollback().execute();
  }
};

export const readers: Record<CheckReader, Read> = { cursor, ranges };
