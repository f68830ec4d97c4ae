import { sql } from 'kysely';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { holdoutBucketSql } from '../promotions/holdout.ts';
import { getPromotion } from '../promotions/promotions.ts';
import type { Db } from '../store/database.ts';
import { everyCheck, readingFigures } from './checks.ts';

export interface UpliftQuery {
  promotionId: string;
  from: Date;
  to: Date;
}

/** One group's figures. Sums are integers; per-customer means and the average check are decimals. */
export interface UpliftGroup {
  customers: number;
  purchases: number;
  revenueMinor: number;
  /** revenueMinor / customers, kopecks to two decimals (customers without a check count as 0). */
  revenuePerCustomerMinor: number | null;
  /** purchases / customers, to four decimals. */
  purchasesPerCustomer: number | null;
  /** revenueMinor / purchases, kopecks to two decimals. */
  averageCheckMinor: number | null;
}

/** Treated − held out, with its 95% interval; null where a group is too small to tell. */
export interface UpliftDifference {
  difference: number | null;
  low: number | null;
  high: number | null;
  /** difference / held-out value, to four decimals (0.125 = +12.5%); null when that is 0. */
  relative: number | null;
}

export interface Uplift {
  promotionId: string;
  from: string;
  to: string;
  holdoutShareBp: number;
  treated: UpliftGroup;
  heldOut: UpliftGroup;
  revenuePerCustomerMinor: UpliftDifference;
  purchasesPerCustomer: UpliftDifference;
  averageCheckMinor: UpliftDifference;
}

/** The normal quantile of 97.5%: a two-sided 95% interval. */
const Z_95 = 1.959963984540054;

interface GroupRow {
  held_out: boolean;
  customers: number | string;
  purchases: number | string;
  revenue_minor: number | string;
  var_revenue: number | null;
  var_purchases: number | null;
  covar: number | null;
}

/** What the statistics need of one group: counts, sums and sample (co)variances per customer. */
interface GroupMoments {
  n: number;
  purchases: number;
  revenueMinor: number;
  varRevenue: number | null;
  varPurchases: number | null;
  covar: number | null;
}

/**
 * The uplift of a promotion's control group over [from, to): the customers of its audience today
 * (identified, not merged away, in its segments and tiers) split by the same hash as at the till
 * into treated and held out, each customer's checks (live and imported, as the overview counts
 * them, in every store and channel) summed, customers without a check counted as zeros. The
 * differences treated − held out come with 95% intervals by the normal approximation: Welch's
 * standard error for the per-customer means, the delta method for the average check (a ratio of
 * two per-customer means). docs/analytics.md gives the query. Refusal: `promotion_not_found`.
 */
export async function uplift(db: Db, query: UpliftQuery): Promise<Uplift> {
  const { definition } = await getPromotion(db, query.promotionId);
  const shareBp = definition.holdoutShareBp ?? 0;
  const { rows } = await readingFigures(db, (trx) =>
    sql<GroupRow>`
    WITH every_check AS (${everyCheck}),
    audience AS (
      SELECT c.id AS customer_id, ${holdoutBucketSql(definition.id, sql`c.id`)} < ${shareBp} AS held_out
      FROM customers c
      WHERE c.merged_into IS NULL AND ${inAudience(definition)}
    ),
    per_customer AS (
      SELECT a.customer_id, a.held_out, count(k.customer_id) AS purchases,
        coalesce(sum(k.revenue_minor), 0) AS revenue_minor
      FROM audience a LEFT JOIN every_check k ON k.customer_id = a.customer_id
        AND k.business_at >= ${query.from} AND k.business_at < ${query.to}
      GROUP BY a.customer_id, a.held_out
    )
    SELECT held_out, count(*) AS customers, sum(purchases) AS purchases,
      sum(revenue_minor) AS revenue_minor,
      var_samp(revenue_minor)::float8 AS var_revenue, var_samp(purchases)::float8 AS var_purchases,
      covar_samp(revenue_minor, purchases)::float8 AS covar
    FROM per_customer GROUP BY held_out`.execute(trx),
  );
  const moments = (heldOut: boolean): GroupMoments => {
    const row = rows.find((r) => r.held_out === heldOut);
    return {
      n: Number(row?.customers ?? 0),
      purchases: Number(row?.purchases ?? 0),
      revenueMinor: Number(row?.revenue_minor ?? 0),
      varRevenue: row?.var_revenue ?? null,
      varPurchases: row?.var_purchases ?? null,
      covar: row?.covar ?? null,
    };
  };
  const treated = moments(false);
  const heldOut = moments(true);
  return {
    promotionId: definition.id,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    holdoutShareBp: shareBp,
    treated: groupFigures(treated),
    heldOut: groupFigures(heldOut),
    revenuePerCustomerMinor: meanDifference(treated, heldOut, 'revenueMinor', 'varRevenue', 2),
    purchasesPerCustomer: meanDifference(treated, heldOut, 'purchases', 'varPurchases', 4),
    averageCheckMinor: averageCheckDifference(treated, heldOut),
  };
}

/** The audience's segment and tier rules over `customers c`, as the engine reads them at the till. */
function inAudience(definition: PromotionDefinition) {
  const { segmentIds, excludedSegmentIds, tierIds } = definition.audience ?? {};
  const member = (ids: string[]) => sql`EXISTS (SELECT 1 FROM segment_members m
    WHERE m.customer_id = c.id AND m.segment_id = ANY(${ids}::text[]))`;
  return sql.join(
    [
      sql`true`,
      ...(segmentIds ? [member(segmentIds)] : []),
      ...(excludedSegmentIds ? [sql`NOT ${member(excludedSegmentIds)}`] : []),
      ...(tierIds
        ? [
            sql`EXISTS (SELECT 1 FROM customer_tiers t
              WHERE t.customer_id = c.id AND t.tier_id = ANY(${tierIds}::text[]))`,
          ]
        : []),
    ],
    sql` AND `,
  );
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function groupFigures(g: GroupMoments): UpliftGroup {
  return {
    customers: g.n,
    purchases: g.purchases,
    revenueMinor: g.revenueMinor,
    revenuePerCustomerMinor: g.n > 0 ? round(g.revenueMinor / g.n, 2) : null,
    purchasesPerCustomer: g.n > 0 ? round(g.purchases / g.n, 4) : null,
    averageCheckMinor: g.purchases > 0 ? round(g.revenueMinor / g.purchases, 2) : null,
  };
}

function difference(
  treated: number | null,
  heldOut: number | null,
  standardError: number | null,
  decimals: number,
): UpliftDifference {
  if (treated === null || heldOut === null) {
    return { difference: null, low: null, high: null, relative: null };
  }
  const d = treated - heldOut;
  return {
    difference: round(d, decimals),
    low: standardError === null ? null : round(d - Z_95 * standardError, decimals),
    high: standardError === null ? null : round(d + Z_95 * standardError, decimals),
    relative: heldOut === 0 ? null : round(d / heldOut, 4),
  };
}

/** Welch: se² = s₁²/n₁ + s₂²/n₂ over each customer's sum (needs two customers in each group). */
function meanDifference(
  treated: GroupMoments,
  heldOut: GroupMoments,
  sum: 'revenueMinor' | 'purchases',
  variance: 'varRevenue' | 'varPurchases',
  decimals: number,
): UpliftDifference {
  const mean = (g: GroupMoments) => (g.n > 0 ? g[sum] / g.n : null);
  const vt = treated[variance];
  const vh = heldOut[variance];
  const se = vt === null || vh === null ? null : Math.sqrt(vt / treated.n + vh / heldOut.n);
  return difference(mean(treated), mean(heldOut), se, decimals);
}

/**
 * The average check R = mean revenue / mean purchases is a ratio of means: by the delta method
 * Var(R) ≈ (s²ᵣ − 2R·sᵣₚ + R²·s²ₚ) / (n·p̄²), the two groups' variances added.
 */
function averageCheckDifference(treated: GroupMoments, heldOut: GroupMoments): UpliftDifference {
  const ratio = (g: GroupMoments) => (g.purchases > 0 ? g.revenueMinor / g.purchases : null);
  const variance = (g: GroupMoments): number | null => {
    const r = ratio(g);
    if (r === null || g.varRevenue === null || g.varPurchases === null || g.covar === null) {
      return null;
    }
    const meanPurchases = g.purchases / g.n;
    const v = g.varRevenue - 2 * r * g.covar + r * r * g.varPurchases;
    return Math.max(v, 0) / (g.n * meanPurchases * meanPurchases);
  };
  const vt = variance(treated);
  const vh = variance(heldOut);
  const se = vt === null || vh === null ? null : Math.sqrt(vt + vh);
  return difference(ratio(treated), ratio(heldOut), se, 2);
}
