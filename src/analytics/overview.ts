import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { HistoryChannel } from '../store/schema.ts';
import { type CheckQuery, chosenChecks, everyCheck } from './checks.ts';

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
  // Filtered to one channel, the other has no checks.
  const ofChannel = (channel: HistoryChannel) =>
    query.channel !== undefined && query.channel !== channel
      ? emptyMetrics()
      : metrics(db, { ...query, channel });
  const [total, offline, online] = await Promise.all([
    metrics(db, query),
    ofChannel('offline'),
    ofChannel('online'),
  ]);
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    channel: query.channel ?? null,
    storeId: query.storeId ?? null,
    total,
    byChannel: { offline, online },
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

async function metrics(db: Db, query: OverviewQuery): Promise<OverviewMetrics> {
  const { rows } = await sql<MetricsRow>`
    WITH every_check AS (${everyCheck}),
    chosen AS (${chosenChecks(query)}),
    per_customer AS (
      SELECT c.customer_id, count(*) AS n,
        (SELECT min(e.business_at) FROM every_check e WHERE e.customer_id = c.customer_id)
          AS first_at
      FROM chosen c WHERE c.customer_id IS NOT NULL GROUP BY c.customer_id
    )
    SELECT
      (SELECT count(*) FROM chosen)::int AS checks,
      (SELECT count(customer_id) FROM chosen)::int AS identified_checks,
      (SELECT coalesce(sum(revenue_minor), 0) FROM chosen)::bigint AS revenue_minor,
      (SELECT coalesce(sum(items), 0) FROM chosen)::bigint AS items,
      (SELECT count(*) FROM per_customer)::int AS customers,
      (SELECT count(*) FROM per_customer WHERE first_at >= ${query.from})::int AS new_customers,
      (SELECT count(*) FROM per_customer WHERE n > 1)::int AS loyal_customers`.execute(db);
  const row = rows[0];
  return row === undefined ? emptyMetrics() : derived(row);
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
