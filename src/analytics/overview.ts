import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { HistoryChannel } from '../store/schema.ts';
import { type CheckQuery, ofScope, readingFigures } from './checks.ts';
import { bucketSums, periodBounds } from './day-sums.ts';

export type OverviewQuery = CheckQuery;

/** The figures of one set of checks (docs/analytics.md gives the query behind each). */
export interface OverviewMetrics {
  checks: number;
  /** Checks with a customer. */
  identifiedChecks: number;
  /** identifiedChecks / checks, in basis points (10 000 = all), rounded down. */
  identifiedShareBp: number;
  /** What the checks sold for after discounts, less what was refunded on them since. */
  revenueMinor: number;
  /** revenueMinor / checks, rounded down to the kopeck. */
  averageCheckMinor: number;
  /** Units sold; a weighed line counts as one. */
  items: number;
  /** items / checks, to two decimals. */
  itemsPerCheck: number;
  /** Identified customers with a check among these. */
  customers: number;
  /** Of those, the ones whose first check anywhere falls in the period. */
  newCustomers: number;
  /** Of those, the ones with more than one check among these. */
  loyalCustomers: number;
  /** Of those, the ones with exactly one. */
  oneTimeCustomers: number;
  /** identifiedChecks / customers, to two decimals: checks per customer in the period. */
  frequency: number;
}

export interface Overview {
  from: string;
  to: string;
  channel: HistoryChannel | null;
  storeId: string | null;
  total: OverviewMetrics;
  byChannel: Record<HistoryChannel, OverviewMetrics>;
}

/**
 * Customers, checks and revenue over live purchases (cancelled ones left out) and imported
 * history (outliers left out) together: the period's figures overall and per channel. A live
 * check's channel is its store's (a till's is offline, a web shop's or app's online); an
 * imported one keeps its own.
 */
export async function overview(db: Db, query: OverviewQuery): Promise<Overview> {
  const figures = await metrics(db, query);
  const of = (scope: string) => {
    const row = figures.find((r) => r.scope === scope);
    return row === undefined ? emptyMetrics() : derived(row);
  };
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    channel: query.channel ?? null,
    storeId: query.storeId ?? null,
    total: of('total'),
    byChannel: { offline: of('offline'), online: of('online') },
  };
}

interface MetricsRow {
  checks: number;
  identified_checks: number;
  revenue_minor: number;
  items: number;
  customers: number;
  new_customers: number;
  loyal_customers: number;
}

/**
 * The figures overall and per channel: the sums from the day sums ({@link bucketSums}), the
 * customers from {@link customerCounts}.
 */
async function metrics(db: Db, query: OverviewQuery) {
  const { rows } = await readingFigures(db, (trx) =>
    sql<MetricsRow & { scope: string }>`
    WITH sums AS (${bucketSums(periodBounds(query), query)}),
    checks AS (
      SELECT coalesce(channel, 'total') AS scope, coalesce(sum(checks), 0)::int AS checks,
        coalesce(sum(identified_checks), 0)::int AS identified_checks,
        coalesce(sum(revenue_minor), 0)::bigint AS revenue_minor,
        coalesce(sum(items), 0)::bigint AS items
      FROM sums GROUP BY ROLLUP (channel)
    ),
    customers AS (${customerCounts(query)})
    SELECT k.scope, k.checks, k.identified_checks, k.revenue_minor, k.items,
      coalesce(c.customers, 0) AS customers, coalesce(c.new_customers, 0) AS new_customers,
      coalesce(c.loyal_customers, 0) AS loyal_customers
    FROM checks k LEFT JOIN customers c ON c.scope = k.scope`.execute(trx),
  );
  return rows;
}

/**
 * Customers with a check in the period, new ones (their first check anywhere, in
 * `analytics_customers`, falls in it) and loyal ones (more than one), per scope (`total`,
 * `offline`, `online`). Without a store, one row per customer: their checks in the period are
 * counted in their check times per channel by binary search (`width_bucket` answers how many
 * times are at or before an instant; times are microseconds, so "before `to`" is "at or before
 * `to` − 1 µs"). A customer whose first check anywhere (`first_at`, the least of their times)
 * is at or after `from` has no time before it, so that search is skipped: every customer for
 * two years, about half for eleven months (a fifth of the pass's CPU on ten million checks,
 * bench/RESULTS.md, seventh session). For a store, the period's checks of the store grouped
 * per customer and channel.
 */
function customerCounts(query: OverviewQuery) {
  if (query.storeId === undefined) {
    const before = (times: string, at: Date) =>
      sql`width_bucket(${at}::timestamptz - interval '1 microsecond', ${sql.ref(times)})`;
    const inPeriod = (channel: 'offline' | 'online') =>
      query.channel === undefined || query.channel === channel
        ? sql`${before(`${channel}_at`, query.to)} - CASE WHEN first_at >= ${query.from} THEN 0
            ELSE ${before(`${channel}_at`, query.from)} END`
        : sql`0`;
    const counts = (n: string) => sql`count(*) FILTER (WHERE ${sql.ref(n)} > 0)::int,
      count(*) FILTER (WHERE ${sql.ref(n)} > 0 AND new)::int,
      count(*) FILTER (WHERE ${sql.ref(n)} > 1)::int`;
    return sql`
      SELECT scope, customers, new_customers, loyal_customers
      FROM (
        SELECT ${counts('offline')}, ${counts('online')}, ${counts('total')}
        FROM (
          SELECT first_at >= ${query.from} AS new, offline, online, offline + online AS total
          FROM (
            SELECT first_at, ${inPeriod('offline')} AS offline, ${inPeriod('online')} AS online
            FROM analytics_customers
            WHERE first_at < ${query.to}
            -- Searched once a customer, not again in each count below.
            OFFSET 0
          ) counted
        ) per_customer
      ) c(off_c, off_n, off_l, on_c, on_n, on_l, all_c, all_n, all_l),
      LATERAL (VALUES ('offline', off_c, off_n, off_l), ('online', on_c, on_n, on_l),
        ('total', all_c, all_n, all_l)) AS v(scope, customers, new_customers, loyal_customers)`;
  }
  return sql`
    WITH by_channel AS (
      SELECT customer_id, channel, count(*) AS n
      FROM analytics_checks
      WHERE business_at >= ${query.from} AND business_at < ${query.to} AND ${ofScope(query)}
        AND customer_id IS NOT NULL
      GROUP BY customer_id, channel
    ),
    by_customer AS (
      SELECT b.customer_id, sum(b.n) AS n, min(f.first_at) >= ${query.from} AS new
      FROM by_channel b JOIN analytics_customers f ON f.customer_id = b.customer_id
      GROUP BY b.customer_id
    )
    SELECT b.channel AS scope, count(*)::int AS customers,
      count(*) FILTER (WHERE c.new)::int AS new_customers,
      count(*) FILTER (WHERE b.n > 1)::int AS loyal_customers
    FROM by_channel b JOIN by_customer c ON c.customer_id = b.customer_id
    GROUP BY b.channel
    UNION ALL
    SELECT 'total', count(*)::int, count(*) FILTER (WHERE new)::int,
      count(*) FILTER (WHERE n > 1)::int
    FROM by_customer`;
}

// Ratios of counts, not amounts: two decimals are what a report shows.
const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? 0 : Math.round((numerator * 100) / denominator) / 100;

function derived(row: MetricsRow): OverviewMetrics {
  const { checks, customers } = row;
  return {
    checks,
    identifiedChecks: row.identified_checks,
    identifiedShareBp: checks === 0 ? 0 : Math.floor((row.identified_checks * 10_000) / checks),
    revenueMinor: row.revenue_minor,
    averageCheckMinor: checks === 0 ? 0 : Math.floor(row.revenue_minor / checks),
    items: row.items,
    itemsPerCheck: ratio(row.items, checks),
    customers,
    newCustomers: row.new_customers,
    loyalCustomers: row.loyal_customers,
    oneTimeCustomers: customers - row.loyal_customers,
    frequency: ratio(row.identified_checks, customers),
  };
}

function emptyMetrics(): OverviewMetrics {
  return derived({
    checks: 0,
    identified_checks: 0,
    revenue_minor: 0,
    items: 0,
    customers: 0,
    new_customers: 0,
    loyal_customers: 0,
  });
}
