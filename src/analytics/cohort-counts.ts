import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { type CheckQuery, ofScope } from './checks.ts';

/** Customers of a cohort active in a month, `YYYY-MM` both. */
export interface CohortCount {
  cohort: string;
  month: string;
  customers: number;
}

/**
 * The first instant of the month `from` falls in, and of the month after the one before `to`,
 * in the zone: the whole months a period covers.
 */
const wholeMonths = (query: CheckQuery, timeZone: string) => sql`
  SELECT date_trunc('month', ${query.from}::timestamptz AT TIME ZONE ${timeZone})
      AT TIME ZONE ${timeZone} AS starts,
    (date_trunc('month', (${query.to}::timestamptz - interval '1 microsecond')
      AT TIME ZONE ${timeZone}) + interval '1 month') AT TIME ZONE ${timeZone} AS ends`;

/**
 * Cohorts of a channel (or of every channel) over the whole months a period covers, from the
 * counts migration 0042 keeps — or undefined when those would not answer the period: the counts
 * are kept in another zone than the one asked (the job has not caught up with a change of the
 * programme's), or an identified check of the scope lies in the part of a first or last month
 * the period leaves out. Without such checks the period and its whole months hold the same
 * customers' firsts and months, so the answer is the same. A store's cohorts are not kept.
 */
export async function keptCohorts(
  trx: Db,
  query: CheckQuery,
  timeZone: string,
): Promise<CohortCount[] | undefined> {
  if (query.storeId !== undefined) return undefined;
  const scope = ofScope({ channel: query.channel });
  const { rows: checked } = await sql<{ holds: boolean }>`
    WITH months AS (${wholeMonths(query, timeZone)})
    SELECT (SELECT time_zone FROM analytics_cohort_zone) = ${timeZone}
      AND NOT EXISTS (SELECT 1 FROM analytics_checks, months WHERE customer_id IS NOT NULL
        AND business_at >= months.starts AND business_at < ${query.from} AND ${scope})
      AND NOT EXISTS (SELECT 1 FROM analytics_checks, months WHERE customer_id IS NOT NULL
        AND business_at >= ${query.to} AND business_at < months.ends AND ${scope}) AS holds
    FROM months`.execute(trx);
  if (checked[0]?.holds !== true) return undefined;
  const { rows } = await sql<CohortCount>`
    WITH months AS (${wholeMonths(query, timeZone)}),
    bounds AS (
      SELECT (starts AT TIME ZONE ${timeZone})::date AS first_month,
        (ends AT TIME ZONE ${timeZone})::date AS end_month
      FROM months
    )
    SELECT to_char(c.cohort, 'YYYY-MM') AS cohort, to_char(c.month, 'YYYY-MM') AS month,
      sum(c.customers)::int AS customers
    FROM analytics_cohorts c, bounds b
    WHERE c.channel = ${query.channel ?? 'all'} AND c.cohort >= b.first_month
      AND c.cohort < b.end_month AND c.month < b.end_month
    GROUP BY c.cohort, c.month
    HAVING sum(c.customers) <> 0
    ORDER BY c.cohort, c.month`.execute(trx);
  return rows;
}

/**
 * Folds the counts' per-connection slots into slot 0 and drops counts left at zero, as the day
 * sums are folded; a slot written meanwhile is a new row, folded next time. Answers how many slot
 * rows were folded.
 */
export async function foldCohortCounts(db: Db): Promise<number> {
  const { rows } = await sql<{ folded: number }>`
    WITH moved AS (
      DELETE FROM analytics_cohorts WHERE slot <> 0
      RETURNING channel, cohort, month, customers
    ),
    added AS (
      INSERT INTO analytics_cohorts (channel, cohort, month, slot, customers)
      SELECT channel, cohort, month, 0, sum(customers) FROM moved GROUP BY 1, 2, 3
      ON CONFLICT (channel, cohort, month, slot) DO UPDATE SET
        customers = analytics_cohorts.customers + excluded.customers
    )
    SELECT count(*)::int AS folded FROM moved`.execute(db);
  await sql`DELETE FROM analytics_cohorts WHERE slot = 0 AND customers = 0`.execute(db);
  return rows[0]?.folded ?? 0;
}

/**
 * Counts the cohorts again in the programme's zone when they are kept in another (the zone was
 * changed): answers whether it did. Writers of check times wait meanwhile (a share lock on
 * `analytics_customers`), so none adds a change counted in the old zone after the recount read
 * the times; about as long as one cohorts figure over every customer without the counts.
 */
export async function keepCohortZone(db: Db, timeZone: string): Promise<boolean> {
  const kept = await db.selectFrom('analytics_cohort_zone').select('time_zone').executeTakeFirst();
  if (kept?.time_zone === timeZone) return false;
  await db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE analytics_customers IN SHARE MODE`.execute(trx);
    await sql`UPDATE analytics_cohort_zone SET time_zone = ${timeZone}`.execute(trx);
    await sql`DELETE FROM analytics_cohorts`.execute(trx);
    await sql`
      INSERT INTO analytics_cohorts (channel, cohort, month, slot, customers)
      SELECT m.channel, m.cohort, m.month, 0, count(*)
      FROM analytics_customers c,
        LATERAL analytics_cohort_months(c.offline_at, c.online_at, ${timeZone}) m
      GROUP BY 1, 2, 3`.execute(trx);
  });
  return true;
}
