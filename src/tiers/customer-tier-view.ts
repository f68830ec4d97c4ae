import type { EpochMs } from '../calendar/day-number.ts';
import { notFound } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import type { TierMoveReason } from '../store/schema.ts';
import { currentTierId } from './current-tier.ts';
import { progressMessage } from './progress-message.ts';
import { tierMetric } from './tier-metric.ts';
import type { Tier } from './tier-program.ts';
import { getTierProgram } from './tier-program-store.ts';
import { metricWindow, nextTier, tierRank } from './tier-rules.ts';

export interface CustomerTierView {
  tier: Tier | null;
  metric: {
    kind: 'spent_minor' | 'purchase_count';
    value: number;
    /** Start of the counted period (exclusive), null for all time. */
    after: string | null;
    at: string;
  } | null;
  next: { tier: Tier; remaining: number; message: { ru: string; en: string } } | null;
  history: {
    fromTierId: string | null;
    toTierId: string | null;
    at: string;
    reason: TierMoveReason;
    metric: number;
    purchaseId: string | null;
    actorName: string | null;
    note: string | null;
    welcomeBonusPoints: number;
  }[];
}

const historyLimit = 100;

/**
 * The customer's tier, metric at `now` over the current period, progress to the next tier and
 * the latest moves (newest first, at most 100). Refusal: `customer_not_found` (404).
 */
export async function customerTierView(
  db: Db,
  customerId: string,
  now: EpochMs,
): Promise<CustomerTierView> {
  const customer = await db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw notFound('customer_not_found', `No customer with id "${customerId}"`, '/id');
  const rows = await db
    .selectFrom('customer_tier_history')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .limit(historyLimit)
    .execute();
  const history = rows.map((row) => ({
    fromTierId: row.from_tier_id,
    toTierId: row.to_tier_id,
    at: row.at.toISOString(),
    reason: row.reason,
    metric: row.metric,
    purchaseId: row.purchase_id,
    actorName: row.actor_name,
    note: row.note,
    welcomeBonusPoints: row.welcome_bonus_points,
  }));
  const program = (await getTierProgram(db))?.program;
  if (!program) return { tier: null, metric: null, next: null, history };
  const { timeZone, currency } = await getProgramSettings(db);
  const window = metricWindow(program.period, now, timeZone);
  const value = await tierMetric(db, program, customerId, window);
  const rank = tierRank(program, await currentTierId(db, customerId));
  const next = nextTier(program, rank, value);
  return {
    tier: program.tiers[rank] ?? null,
    metric: {
      kind: program.metric,
      value,
      after: window.after === null ? null : new Date(window.after).toISOString(),
      at: new Date(now).toISOString(),
    },
    next: next ? { ...next, message: progressMessage(program, next, currency) } : null,
    history,
  };
}
