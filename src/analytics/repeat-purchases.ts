import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { type CheckQuery, chosenChecks } from './checks.ts';

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
  const { rows } = await sql<{ months: number; n: number; customers: number }>`
    WITH chosen AS (${chosenChecks(query)}),
    counted AS (
      SELECT customer_id, business_at FROM chosen
      WHERE customer_id IS NOT NULL AND revenue_minor >= ${query.minCheckMinor}
    ),
    firsts AS (SELECT customer_id, min(business_at) AS first_at FROM counted GROUP BY customer_id),
    windows AS (SELECT unnest(${sql.raw(`ARRAY[${windows.join(',')}]`)}::int[]) AS months),
    within AS (
      SELECT w.months, f.customer_id, count(*) AS n
      FROM firsts f CROSS JOIN windows w
      JOIN counted c ON c.customer_id = f.customer_id AND c.business_at <
        ((f.first_at AT TIME ZONE 'UTC') + make_interval(months => w.months)) AT TIME ZONE 'UTC'
      GROUP BY w.months, f.customer_id
    )
    SELECT months, least(n, ${query.maxPurchases})::int AS n, count(*)::int AS customers
    FROM within GROUP BY 1, 2`.execute(db);
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
