import { sql } from 'kysely';
import { monthNumber } from '../calendar/day-number.ts';
import { localDate } from '../calendar/time-zone.ts';
import type { Db } from '../store/database.ts';
import { type CheckQuery, ofScope, readingFigures } from './checks.ts';
import { type CohortCount, cohortsFromCounts } from './cohort-counts.ts';

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

/**
 * Retention by month of first purchase: customers grouped by the month (in the programme's zone)
 * of their first check — of the channel or store asked, when one is — for each month of the
 * period; then, month by month to the period's end, how many of each group bought again.
 */
export async function cohorts(db: Db, query: CheckQuery, timeZone: string): Promise<Cohorts> {
  const last = localDate(new Date(query.to.getTime() - 1), timeZone).slice(0, 7);
  const months = monthNumber(last) - monthNumber(localDate(query.from, timeZone)) + 1;
  const rows = await readingFigures(db, async (trx) => {
    if (query.storeId !== undefined) return (await byChecks(query, timeZone).execute(trx)).rows;
    const counted = await cohortsFromCounts(trx, query, timeZone);
    if (counted !== null) return counted;
    return months <= maskMonths
      ? fromMasks((await byCheckTimes(query, timeZone).execute(trx)).rows)
      : (await byChecks(query, timeZone).execute(trx)).rows;
  });
  const byCohort = new Map<string, Cohort>();
  for (const row of rows) {
    let cohort = byCohort.get(row.cohort);
    if (cohort === undefined) {
      const months = monthNumber(last) - monthNumber(row.cohort) + 1;
      cohort = { month: row.cohort, customers: 0, active: Array<number>(months).fill(0) };
      byCohort.set(row.cohort, cohort);
    }
    const offset = monthNumber(row.month) - monthNumber(row.cohort);
    cohort.active[offset] = (cohort.active[offset] as number) + row.customers;
    // Every customer of the cohort bought in its first month.
    if (offset === 0) cohort.customers = cohort.active[0] as number;
  }
  return { timeZone, cohorts: [...byCohort.values()] };
}

/** A customer's active months of the period as bits of a `bigint` (bit k: the period's month k). */
const maskMonths = 63;

interface MaskRow {
  /** The period's months, `YYYY-MM`. */
  months: string[];
  /** The cohort's month, 1-based in `months`. */
  cohort: number;
  mask: string;
  customers: number;
}

/** Each group of customers sharing a cohort and active months, as a row per active month. */
function fromMasks(rows: MaskRow[]): CohortCount[] {
  const counts = new Map<string, CohortCount>();
  for (const row of rows) {
    const mask = BigInt(row.mask);
    row.months.forEach((month, k) => {
      if ((mask & (1n << BigInt(k))) === 0n) return;
      const cohort = row.months[row.cohort - 1] as string;
      const key = `${cohort} ${month}`;
      const counted = counts.get(key);
      if (counted === undefined) counts.set(key, { cohort, month, customers: row.customers });
      else counted.customers += row.customers;
    });
  }
  return [...counts.values()].sort((a, b) =>
    a.cohort === b.cohort ? a.month.localeCompare(b.month) : a.cohort.localeCompare(b.cohort),
  );
}

/**
 * From each customer's check times per channel: the cohort is the month of their first check
 * (anywhere, or in the channel asked), the months they were active those of their times in the
 * period, found by binary search over the period's month starts (`width_bucket`) and kept as
 * the bits of one number, so customers group by cohort and months at once, without sorting
 * each one's months.
 */
function byCheckTimes(query: CheckQuery, timeZone: string) {
  const times =
    query.channel === undefined ? sql`offline_at || online_at` : sql.ref(`${query.channel}_at`);
  const first =
    query.channel === undefined ? sql`first_at` : sql`${sql.ref(`${query.channel}_at`)}[1]`;
  return sql<MaskRow>`
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
      SELECT width_bucket(c.first, months.at) AS cohort, a.mask, count(*)::int AS customers
      FROM (
        SELECT ${first} AS first, ${times} AS times FROM analytics_customers
      ) c, months,
        LATERAL (
          SELECT bit_or(1::bigint << (width_bucket(t, months.at) - 1)) AS mask
          FROM unnest(c.times) t
          WHERE t >= ${query.from} AND t < ${query.to}
        ) a
      WHERE c.first >= ${query.from} AND c.first < ${query.to}
      GROUP BY 1, 2
    )
    SELECT ARRAY(SELECT to_char(m AT TIME ZONE ${timeZone}, 'YYYY-MM')
        FROM unnest(months.at) WITH ORDINALITY AS u (m, k) ORDER BY k)
        AS months,
      cohort, mask::text, customers
    FROM counted, months`;
}

/** From the period's checks of a store one by one. */
function byChecks(query: CheckQuery, timeZone: string) {
  return sql<CohortCount>`
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
      to_char(a.month, 'YYYY-MM') AS month, count(*)::int AS customers
    FROM firsts f JOIN activity a ON a.customer_id = f.customer_id
    GROUP BY 1, 2
    ORDER BY 1, 2`;
}
