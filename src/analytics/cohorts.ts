import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { type CheckQuery, ofScope, readingFigures } from './checks.ts';

export interface Cohort {
  /** The month of the customers' first check, `YYYY-MM` in the programme's zone. */
  month: string;
  customers: number;
  /** From the cohort's month to the period's last: how many of them had a check in each. */
  active: number[];
}

export interface Cohorts {
  timeZone: string;
  cohorts: Cohort[];
}

// `YYYY-MM` as a count of months, so two of them subtract.
const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

/**
 * Retention by month of first purchase: customers grouped by the month (in the programme's zone)
 * of their first check — of the channel or store asked, when one is — for each month of the
 * period; then, month by month to the period's end, how many of each group bought again.
 */
export async function cohorts(db: Db, query: CheckQuery, timeZone: string): Promise<Cohorts> {
  const scoped = query.channel !== undefined || query.storeId !== undefined;
  // A customer's first check anywhere is kept; the first in a channel or store is looked for.
  const firsts = scoped
    ? sql`
      SELECT a.customer_id, min(a.business_at) AS first_at FROM analytics_checks a
      WHERE a.customer_id IS NOT NULL AND a.business_at >= ${query.from}
        AND a.business_at < ${query.to} AND ${ofScope(query)}
        AND NOT EXISTS (SELECT 1 FROM analytics_checks e WHERE e.customer_id = a.customer_id
          AND e.business_at < ${query.from} AND ${ofScope(query)})
      GROUP BY a.customer_id`
    : sql`
      SELECT customer_id, first_at FROM analytics_customers
      WHERE first_at >= ${query.from} AND first_at < ${query.to}`;
  const { rows } = await readingFigures(db, (trx) =>
    sql<{ cohort: string; month: string; customers: number; last: string }>`
    WITH firsts AS (${firsts}),
    activity AS (
      SELECT DISTINCT customer_id,
        date_trunc('month', business_at AT TIME ZONE ${timeZone}) AS month
      FROM analytics_checks
      WHERE customer_id IS NOT NULL AND business_at >= ${query.from}
        AND business_at < ${query.to} AND ${ofScope(query)}
    )
    SELECT to_char(f.first_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS cohort,
      to_char(a.month, 'YYYY-MM') AS month, count(*)::int AS customers,
      to_char((${query.to}::timestamptz - interval '1 millisecond') AT TIME ZONE ${timeZone},
        'YYYY-MM') AS last
    FROM firsts f JOIN activity a ON a.customer_id = f.customer_id
    GROUP BY 1, 2
    ORDER BY 1, 2`.execute(trx),
  );
  const last = rows[0]?.last;
  const byCohort = new Map<string, Cohort>();
  for (const row of rows) {
    let cohort = byCohort.get(row.cohort);
    if (cohort === undefined) {
      const months = monthNumber(last as string) - monthNumber(row.cohort) + 1;
      cohort = { month: row.cohort, customers: 0, active: Array<number>(months).fill(0) };
      byCohort.set(row.cohort, cohort);
    }
    const offset = monthNumber(row.month) - monthNumber(row.cohort);
    cohort.active[offset] = row.customers;
    // Every customer of the cohort bought in its first month.
    if (offset === 0) cohort.customers = row.customers;
  }
  return { timeZone, cohorts: [...byCohort.values()] };
}
