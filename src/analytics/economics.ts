import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { HistoryChannel } from '../store/schema.ts';
import { type CheckQuery, readingFigures } from './checks.ts';

export interface PromotionCost {
  promotionId: string;
  /** The promotion's name now; its id when it is gone. */
  name: string;
  /** Checks it gave a discount on. */
  checks: number;
  discountMinor: number;
}

/** Points moved in the period by kind of ledger entry (docs/analytics.md). */
export interface PointsFlow {
  /** Earned on purchases (`accrual_pending`). */
  accrued: number;
  /** Welcome and campaign bonuses. */
  bonuses: number;
  /** Taken back on returns (`reversal_accrual`). */
  takenBack: number;
  /** Spent on checks (`redemption`). */
  redeemed: number;
  /** Given back to customers when a check that spent them was returned (`reversal_redemption`). */
  restored: number;
  expired: number;
  /** Manual adjustments, added less removed (may be negative). */
  adjusted: number;
}

export interface Economics {
  from: string;
  to: string;
  channel: HistoryChannel | null;
  storeId: string | null;
  currency: string;
  /** The money value of a point now: liability and redeemed money are priced at it. */
  pointValueMinor: number;
  discounts: { totalMinor: number; checks: number; byPromotion: PromotionCost[] };
  points: PointsFlow;
  /** (redeemed − restored) × pointValueMinor. */
  redeemedMoneyMinor: number;
  /**
   * expired ÷ (max(0, redeemed − restored) + expired), per 10 000, rounded down; 0 with nothing
   * spent or expired.
   */
  breakageBp: number;
  /** Points customers hold at `to` (pending and spendable, net of debts), and their money value. */
  liability: { pending: number; active: number; points: number; moneyMinor: number };
}

export interface EconomicsSettings {
  currency: string;
  pointValueMinor: number;
}

/**
 * Programme economics of `[from, to)`: promotion discounts on the live checks of the period
 * (cancelled ones left out), points moved by kind, breakage, and the points liability at `to`.
 * With a channel or store, points count only when their entry's purchase (or its lot's) was made
 * there; bonuses and adjustments tied to no purchase count only in the whole programme's answer.
 */
export async function economics(
  db: Db,
  query: CheckQuery,
  settings: EconomicsSettings,
): Promise<Economics> {
  const [discounts, flow, held] = await Promise.all([
    readingFigures(db, (trx) => promotionCosts(trx, query)),
    readingFigures(db, (trx) => pointsFlow(trx, query)),
    readingFigures(db, (trx) => liability(trx, query)),
  ]);
  const spent = flow.redeemed - flow.restored;
  // Restoring more than was spent in the period (returns of earlier checks) spends nothing.
  const spentOrNone = Math.max(0, spent);
  const { pointValueMinor } = settings;
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    channel: query.channel ?? null,
    storeId: query.storeId ?? null,
    currency: settings.currency,
    pointValueMinor,
    discounts,
    points: flow,
    redeemedMoneyMinor: spent * pointValueMinor,
    breakageBp:
      spentOrNone + flow.expired === 0
        ? 0
        : Math.floor((flow.expired * 10_000) / (spentOrNone + flow.expired)),
    liability: {
      ...held,
      points: held.pending + held.active,
      moneyMinor: (held.pending + held.active) * pointValueMinor,
    },
  };
}

// A live purchase's channel, as everywhere in analytics: a till's is offline, the rest online.
const purchaseScope = (query: CheckQuery) => sql`
  (${query.channel ?? null}::text IS NULL
    OR (CASE WHEN s.channel = 'pos' THEN 'offline' ELSE 'online' END) = ${query.channel ?? null})
  AND (${query.storeId ?? null}::text IS NULL OR p.store_id = ${query.storeId ?? null})`;

async function promotionCosts(db: Db, query: CheckQuery): Promise<Economics['discounts']> {
  const { rows } = await sql<{
    promotion_id: string;
    name: string | null;
    checks: number;
    discount_minor: number;
  }>`
    WITH amounts AS (
      SELECT p.id AS purchase_id, a->>'promotionId' AS promotion_id,
        (a->>'discountMinor')::bigint AS discount_minor
      FROM purchases p JOIN stores s ON s.id = p.store_id
      CROSS JOIN jsonb_array_elements(p.calculation->'lines') l
      CROSS JOIN jsonb_array_elements(l->'promotions') a
      WHERE NOT p.cancelled AND p.business_at >= ${query.from} AND p.business_at < ${query.to}
        AND ${purchaseScope(query)}
    )
    SELECT m.promotion_id, pr.definition->>'name' AS name,
      count(DISTINCT m.purchase_id)::int AS checks, sum(m.discount_minor)::bigint AS discount_minor
    FROM amounts m LEFT JOIN promotions pr ON pr.id = m.promotion_id
    GROUP BY m.promotion_id, pr.definition->>'name'
    HAVING sum(m.discount_minor) > 0
    ORDER BY discount_minor DESC, m.promotion_id`.execute(db);
  const checks = await sql<{ checks: number }>`
    SELECT count(*)::int AS checks FROM purchases p JOIN stores s ON s.id = p.store_id
    WHERE NOT p.cancelled AND p.business_at >= ${query.from} AND p.business_at < ${query.to}
      AND ${purchaseScope(query)}
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.calculation->'lines') l
        CROSS JOIN jsonb_array_elements(l->'promotions') a WHERE (a->>'discountMinor')::bigint > 0)`.execute(
    db,
  );
  const byPromotion = rows.map((row) => ({
    promotionId: row.promotion_id,
    name: row.name ?? row.promotion_id,
    checks: row.checks,
    discountMinor: Number(row.discount_minor),
  }));
  return {
    totalMinor: byPromotion.reduce((sum, row) => sum + row.discountMinor, 0),
    checks: checks.rows[0]?.checks ?? 0,
    byPromotion,
  };
}

/** The ledger entries a query counts: all of them, or those whose purchase is in its scope. */
function scopedEntries(query: CheckQuery) {
  if (query.channel === undefined && query.storeId === undefined) {
    return sql`SELECT e.* FROM points_entries e`;
  }
  return sql`
    SELECT e.* FROM points_entries e
    LEFT JOIN points_lots lot ON lot.id = e.lot_id
    JOIN purchases p ON p.id::text = coalesce(e.purchase_id, lot.purchase_id)
    JOIN stores s ON s.id = p.store_id
    WHERE ${purchaseScope(query)}`;
}

async function pointsFlow(db: Db, query: CheckQuery): Promise<PointsFlow> {
  const { rows } = await sql<{ kind: string; to_world: boolean; points: number }>`
    SELECT e.kind, e.to_account = 'world' AS to_world, sum(e.points)::bigint AS points
    FROM (${scopedEntries(query)}) e
    WHERE e.effective_at >= ${query.from} AND e.effective_at < ${query.to}
    GROUP BY 1, 2`.execute(db);
  const flow: PointsFlow = {
    accrued: 0,
    bonuses: 0,
    takenBack: 0,
    redeemed: 0,
    restored: 0,
    expired: 0,
    adjusted: 0,
  };
  for (const row of rows) {
    const points = Number(row.points);
    if (row.kind === 'accrual_pending') flow.accrued += points;
    else if (row.kind === 'welcome_bonus' || row.kind === 'campaign_bonus') flow.bonuses += points;
    else if (row.kind === 'reversal_accrual') flow.takenBack += points;
    else if (row.kind === 'redemption') flow.redeemed += points;
    else if (row.kind === 'reversal_redemption') flow.restored += points;
    else if (row.kind === 'expiry') flow.expired += points;
    else if (row.kind === 'adjustment') flow.adjusted += row.to_world ? -points : points;
    // `activation` moves points between a customer's own accounts: nothing in or out.
    // `opening_balance` was issued by the previous processing: liability, not this period's flow.
  }
  return flow;
}

async function liability(db: Db, query: CheckQuery): Promise<{ pending: number; active: number }> {
  const { rows } = await sql<{ pending: number; active: number }>`
    SELECT
      coalesce(sum(CASE WHEN e.to_account = 'pending' THEN e.points ELSE 0 END)
        - sum(CASE WHEN e.from_account = 'pending' THEN e.points ELSE 0 END), 0)::bigint AS pending,
      coalesce(sum(CASE WHEN e.to_account = 'active' THEN e.points ELSE 0 END)
        - sum(CASE WHEN e.from_account = 'active' THEN e.points ELSE 0 END), 0)::bigint AS active
    FROM (${scopedEntries(query)}) e
    WHERE e.effective_at < ${query.to}`.execute(db);
  return { pending: Number(rows[0]?.pending ?? 0), active: Number(rows[0]?.active ?? 0) };
}
