import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { type CheckQuery, ofScope, readingFigures } from './checks.ts';

/** The windows of the chart, in months from a customer's first check of the period. */
export const repeatWindowsMonths = [1, 2, 3, 6, 12] as const;

export interface RepeatQuery extends CheckQuery {
  /** Only checks of at least this revenue count (kopecks). */
  minCheckMinor: number;
  /** The last row counts this many checks or more. */
  maxPurchases: number;
}

export interface RepeatPurchases {
  windowsMonths: number[];
  /** Identified customers with a counted check in the period. */
  customers: number;
  /**
   * From 2 purchases up: per window (same order as windowsMonths), the customers who made at
   * least this many counted checks within that many months of their first one in the period.
   */
  rows: { purchases: number; customers: number[] }[];
}

/**
 * The repeat-purchase chart of the programme-design article: how many customers made 2, 3, …
 * purchases within 1, 2, 3, 6 and 12 months, counting only checks of at least a given amount.
 * A window runs from the customer's first counted check of the period, in whole calendar months
 * (UTC), and is cut at the period's end.
 */
export async function repeatPurchases(db: Db, query: RepeatQuery): Promise<RepeatPurchases> {
  const windows = [...repeatWindowsMonths];
  const counted = sql`business_at >= ${query.from} AND business_at < ${query.to}
    AND ${ofScope(query)} AND customer_id IS NOT NULL AND revenue_minor >= ${query.minCheckMinor}`;
  // Each window's end per customer, then one pass counting each customer's checks before each.
  const ends = sql.join(
    windows.map(
      (months) =>
        sql`((min(business_at) AT TIME ZONE 'UTC') + make_interval(months => ${sql.lit(months)}))
          AT TIME ZONE 'UTC' AS ${sql.ref(`end_${months}`)}`,
    ),
  );
  const within = sql.join(
    windows.map(
      (months) =>
        sql`count(*) FILTER (WHERE c.business_at < f.${sql.ref(`end_${months}`)})
          AS ${sql.ref(`within_${months}`)}`,
    ),
  );
  const byWindow = sql.join(
    windows.map((months) => sql`(${sql.lit(months)}, p.${sql.ref(`within_${months}`)})`),
  );
  const { rows } = await readingFigures(db, (trx) =>
    sql<{ months: number; n: number; customers: number }>`
    WITH firsts AS (
      SELECT customer_id, ${ends} FROM analytics_checks WHERE ${counted} GROUP BY customer_id
    ),
    per_customer AS (
      SELECT customer_id, ${within}
      FROM analytics_checks c JOIN firsts f USING (customer_id)
      WHERE ${counted}
      GROUP BY customer_id
    )
    SELECT w.months, least(w.n, ${query.maxPurchases})::int AS n, count(*)::int AS customers
    FROM per_customer p CROSS JOIN LATERAL (VALUES ${byWindow}) AS w(months, n)
    GROUP BY 1, 2`.execute(trx),
  );
  // Customers by window and their checks in it, exactly k (the last: k or more).
  const exactly = new Map<string, number>(rows.map((r) => [`${r.months}:${r.n}`, r.customers]));
  const atLeast = (months: number, purchases: number) => {
    let sum = 0;
    for (let k = purchases; k <= query.maxPurchases; k++) sum += exactly.get(`${months}:${k}`) ?? 0;
    return sum;
  };
  const lengths = Array.from({ length: query.maxPurchases - 1 }, (_, i) => i + 2);
  return {
    windowsMonths: windows,
    customers: atLeast(windows[0] as number, 1),
    rows: lengths.map((purchases) => ({
      purchases,
      customers: windows.map((months) => atLeast(months, purchases)),
    })),
  };
}
