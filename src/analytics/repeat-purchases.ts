import { type RawBuilder, sql } from 'kysely';
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
  // Each customer's capped counts packed into one number, a digit per window in base
  // maxPurchases + 1: one plain grouping, a hash lookup per customer instead of one per window
  // (GROUPING SETS); the digits are read back below.
  const base = query.maxPurchases + 1;
  const code = sql.join(
    windows.map(
      (months, i) =>
        sql`${sql.lit(base ** i)} * least(${sql.ref(`within_${months}`)}, ${query.maxPurchases})`,
    ),
    sql` + `,
  );
  const { rows } = await readingFigures(db, async (trx) => {
    // Windows are calendar months in UTC: adding months to a time in the session's zone is
    // cheaper than converting each first check to UTC and back.
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    return sql<{ code: number; customers: number }>`
    WITH per_customer AS (${
      query.storeId === undefined && query.minCheckMinor <= 0
        ? byCheckTimes(query, windows)
        : byChecks(query, windows)
    })
    SELECT (${code})::int AS code, count(*)::int AS customers
    FROM per_customer GROUP BY 1`.execute(trx);
  });
  // Customers by window and their checks in it, exactly k (the last: k or more).
  const exactly = new Map<string, number>();
  for (const row of rows) {
    windows.forEach((months, i) => {
      const key = `${months}:${Math.floor(row.code / base ** i) % base}`;
      exactly.set(key, (exactly.get(key) ?? 0) + row.customers);
    });
  }
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

/** A window's end: its first check plus so many calendar months (the session's zone is UTC). */
const windowEnd = (first: RawBuilder<unknown>, months: number) =>
  sql`${first} + make_interval(months => ${sql.lit(months)})`;

/**
 * The fewest hours so many calendar months span, from any start (January 31 plus one month is
 * February 28, 28 days later; a test checks each against PostgreSQL's own month arithmetic).
 */
export const fewestHoursIn: Record<(typeof repeatWindowsMonths)[number], number> = {
  1: 28 * 24,
  2: 59 * 24,
  3: 89 * 24,
  6: 181 * 24,
  12: 365 * 24,
};

/**
 * Per customer, their counted checks within each window (`within_<months>`), from their check
 * times per channel: the first time in the period and, per window, how many times fall before
 * its end, by binary search (`width_bucket`, as in the overview). Every identified check counts.
 * Each step is computed once per customer behind an `OFFSET 0` fence, or the planner would copy
 * it into every expression that uses it: the searches before the period, then the first time,
 * then the last time and the count of the customers with a check in the period, then each
 * window's end (a month addition, the dearest operation here), then two searches per window.
 * `|| '{}'` copies each array once into memory: a short array read from the table is otherwise
 * copied again by every search (detoasted), twelve times a customer.
 *
 * A customer whose last check comes before a window could end holds all their checks in it:
 * when the last check is earlier than the first plus the fewest hours the window's months span
 * ({@link fewestHoursIn}; adding hours is a plain addition in UTC) and earlier than the period's
 * end, the window's end is left NULL, neither added nor searched, and the count is every check
 * since the period's start. A customer whose checks span less than a window skips it; on ten
 * million generated checks this took a sixth off the two-year chart's CPU (bench/RESULTS.md,
 * seventh session).
 */
function byCheckTimes(query: RepeatQuery, windows: number[]) {
  const times = (channel: 'offline' | 'online') =>
    query.channel === undefined || query.channel === channel
      ? sql`${sql.ref(`${channel}_at`)} || '{}'::timestamptz[]`
      : sql`'{}'::timestamptz[]`;
  const ends = sql.join(
    windows.map(
      (months) => sql`CASE WHEN last_at < least(
          first + make_interval(hours => ${sql.lit(fewestHoursIn[months as keyof typeof fewestHoursIn])}),
          ${query.to}::timestamptz)
        THEN NULL
        ELSE least(${windowEnd(sql`first`, months)}, ${query.to}::timestamptz) - interval '1 microsecond'
        END AS ${sql.ref(`end_${months}`)}`,
    ),
  );
  // A window left without an end holds every check since the period's start (width_bucket of
  // NULL is NULL).
  const within = sql.join(
    windows.map((months) => {
      const end = sql.ref(`end_${months}`);
      return sql`coalesce(width_bucket(${end}, offline_at) + width_bucket(${end}, online_at), checks)
        - before AS ${sql.ref(`within_${months}`)}`;
    }),
  );
  return sql`
    SELECT ${within}
    FROM (
      SELECT offline_at, online_at, before, checks, ${ends}
      FROM (
        SELECT offline_at, online_at, before, first,
          greatest(offline_at[cardinality(offline_at)], online_at[cardinality(online_at)])
            AS last_at,
          cardinality(offline_at) + cardinality(online_at) AS checks
        FROM (
          SELECT offline_at, online_at, offline_from + online_from AS before,
            least(offline_at[offline_from + 1], online_at[online_from + 1]) AS first
          FROM (
            SELECT offline_at, online_at,
              width_bucket(${query.from}::timestamptz - interval '1 microsecond', offline_at)
                AS offline_from,
              width_bucket(${query.from}::timestamptz - interval '1 microsecond', online_at)
                AS online_from
            FROM (
              SELECT ${times('offline')} AS offline_at, ${times('online')} AS online_at
              FROM analytics_customers WHERE first_at < ${query.to}
            ) scoped
            OFFSET 0
          ) searched
          OFFSET 0
        ) c
        -- The last time and the count only of the customers with a check in the period.
        WHERE first < ${query.to}
        OFFSET 0
      ) lasts
      OFFSET 0
    ) ended`;
}

/** The same from the period's checks one by one: for a store, or checks of at least an amount. */
function byChecks(query: RepeatQuery, windows: number[]) {
  const counted = sql`business_at >= ${query.from} AND business_at < ${query.to}
    AND ${ofScope(query)} AND customer_id IS NOT NULL AND revenue_minor >= ${query.minCheckMinor}`;
  // Each window's end per customer, then one pass counting each customer's checks before each.
  const ends = sql.join(
    windows.map(
      (months) => sql`${windowEnd(sql`min(business_at)`, months)} AS ${sql.ref(`end_${months}`)}`,
    ),
  );
  const within = sql.join(
    windows.map(
      (months) =>
        sql`count(*) FILTER (WHERE c.business_at < f.${sql.ref(`end_${months}`)})
          AS ${sql.ref(`within_${months}`)}`,
    ),
  );
  return sql`
    WITH firsts AS (
      SELECT customer_id, ${ends} FROM analytics_checks WHERE ${counted} GROUP BY customer_id
    )
    SELECT ${within}
    FROM analytics_checks c JOIN firsts f USING (customer_id)
    WHERE ${counted}
    GROUP BY customer_id`;
}
