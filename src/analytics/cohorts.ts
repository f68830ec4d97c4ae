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
  const { rows } = await readingFigures(db, (trx) =>
    (query.storeId === undefined
      ? byCheckTimes(query, timeZone)
      : byChecks(query, timeZone)
    ).execute(trx),
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

interface CohortRow {
  cohort: string;
  month: string;
  customers: number;
  last: string;
}

/** The period's last month, `YYYY-MM` in the zone. */
const lastMonth = (query: CheckQuery, timeZone: string) =>
  sql`to_char((${query.to}::timestamptz - interval '1 millisecond') AT TIME ZONE ${timeZone},
    'YYYY-MM')`;

/**
 * From each customer's check times per channel: the cohort is the month of their first check
 * (anywhere, or in the channel asked), the months they were active those of their times in the
 * period, found by binary search over the period's month starts (`width_bucket`).
 */
function byCheckTimes(query: CheckQuery, timeZone: string) {
  const times =
    query.channel === undefined ? sql`offline_at || online_at` : sql.ref(`${query.channel}_at`);
  const first =
    query.channel === undefined ? sql`first_at` : sql`${sql.ref(`${query.channel}_at`)}[1]`;
  return sql<CohortRow>`
    WITH months AS (
      SELECT ARRAY[${query.from}::timestamptz] || ARRAY(
        SELECT m AT TIME ZONE ${timeZone}
        FROM generate_series(
          date_trunc('month', ${query.from}::timestamptz AT TIME ZONE ${timeZone})
            + interval '1 month',
          (${query.to}::timestamptz - interval '1 microsecond') AT TIME ZONE ${timeZone},
          interval '1 month') m) AS at
    ),
    counted AS (
      SELECT width_bucket(c.first, months.at) AS cohort, a.month, count(*)::int AS customers
      FROM (
        SELECT ${first} AS first, ${times} AS times FROM analytics_customers
      ) c, months,
        LATERAL (
          SELECT DISTINCT width_bucket(t, months.at) AS month FROM unnest(c.times) t
          WHERE t >= ${query.from} AND t < ${query.to}
        ) a
      WHERE c.first >= ${query.from} AND c.first < ${query.to}
      GROUP BY 1, 2
    )
    SELECT to_char(months.at[cohort] AT TIME ZONE ${timeZone}, 'YYYY-MM') AS cohort,
      to_char(months.at[month] AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month, customers,
      ${lastMonth(query, timeZone)} AS last
    FROM counted, months
    ORDER BY 1, 2`;
}

/** From the period's checks of a store one by one. */
function byChecks(query: CheckQuery, timeZone: string) {
  return sql<CohortRow>`
    WITH firsts AS (
      SELECT a.customer_id, min(a.business_at) AS first_at FROM analytics_checks a
      WHERE a.customer_id IS NOT NULL AND a.business_at >= ${query.from}
        AND a.business_at < ${query.to} AND ${ofScope(query)}
        AND NOT EXISTS (SELECT 1 FROM analytics_checks e WHERE e.customer_id = a.customer_id
          AND e.business_at < ${query.from} AND ${ofScope(query)})
      GROUP BY a.customer_id
    ),
    activity AS (
      SELECT DISTINCT customer_id,
        date_trunc('month', business_at AT TIME ZONE ${timeZone}) AS month
      FROM analytics_checks
      WHERE customer_id IS NOT NULL AND business_at >= ${query.from}
        AND business_at < ${query.to} AND ${ofScope(query)}
    )
    SELECT to_char(f.first_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS cohort,
      to_char(a.month, 'YYYY-MM') AS month, count(*)::int AS customers,
      ${lastMonth(query, timeZone)} AS last
    FROM firsts f JOIN activity a ON a.customer_id = f.customer_id
    GROUP BY 1, 2
    ORDER BY 1, 2`;
}
