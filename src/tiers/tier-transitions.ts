import type { EpochMs } from '../calendar/day-number.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { currentTierId } from './current-tier.ts';
import { tierMetric } from './tier-metric.ts';
import type { TierProgram } from './tier-program.ts';
import { getTierProgram } from './tier-program-store.ts';
import { metricWindow, qualifiedRank, tierRank } from './tier-rules.ts';
import { lockTierState, moveTier } from './tier-state.ts';

export interface PurchaseTierEvent {
  customerId: string;
  purchaseId: string;
  /** The purchase's (or return's) business instant, epoch ms. */
  businessAt: EpochMs;
  now: EpochMs;
}

export interface TierOutcome {
  previousTierId: string | null;
  tierId: string | null;
  moved: boolean;
  /** The metric at the event (kopecks or purchases); null when no automatic rule ran. */
  metric: number | null;
  /** Welcome bonus points credited by this event. */
  welcomeBonusPoints: number;
}

interface Automatic {
  program: TierProgram;
  timeZone: string;
}

async function automatic(trx: Db): Promise<Automatic | null> {
  const stored = await getTierProgram(trx);
  if (!stored?.program.autoTransition) return null;
  return { program: stored.program, timeZone: (await getProgramSettings(trx)).timeZone };
}

const unchanged = (tierId: string | null, metric: number | null): TierOutcome => ({
  previousTierId: tierId,
  tierId,
  moved: false,
  metric,
  welcomeBonusPoints: 0,
});

/**
 * Upgrades a customer after a purchase, inside the commit transaction `trx`, called after the
 * purchase row is written (its money must count). With auto-transition on, the metric over the
 * period ending at the purchase decides: the customer lands in the highest tier it reaches and
 * is credited the welcome bonus of every tier passed on the way (each tier's bonus at most once
 * per customer ever), so crossing two thresholds in one purchase pays what two purchases would
 * have. Never moves down. With auto-transition off, or no tier programme, nothing moves.
 */
export async function onPurchaseCommitted(trx: Db, event: PurchaseTierEvent): Promise<TierOutcome> {
  const auto = await automatic(trx);
  if (!auto) return unchanged(await currentTierId(trx, event.customerId), null);
  return upgrade(trx, auto, event, 0);
}

/**
 * {@link onPurchaseCommitted} for a purchase not written yet, with the programme the caller has
 * (`program` null: no tiers): the purchase counts in the metric by what it adds, `paidMinor` or
 * one purchase. Without automatic transitions the customer keeps `tierId`, the tier it was
 * priced with.
 */
export async function tierOnCommit(
  trx: Db,
  context: { program: TierProgram | null; timeZone: string; tierId: string | null },
  event: PurchaseTierEvent & { paidMinor: number },
): Promise<TierOutcome> {
  const { program, timeZone } = context;
  if (!program?.autoTransition) return unchanged(context.tierId, null);
  const adds = program.metric === 'purchase_count' ? 1 : event.paidMinor;
  return upgrade(trx, { program, timeZone }, event, adds);
}

async function upgrade(
  trx: Db,
  { program, timeZone }: Automatic,
  event: PurchaseTierEvent,
  unwritten: number,
): Promise<TierOutcome> {
  const state = await lockTierState(trx, program, event.customerId, event.businessAt);
  const window = metricWindow(program.period, event.businessAt, timeZone);
  const metric = (await tierMetric(trx, program, event.customerId, window)) + unwritten;
  const fromRank = tierRank(program, state.tierId);
  const toRank = qualifiedRank(program, metric);
  if (toRank <= fromRank) return unchanged(state.tierId, metric);
  const to = program.tiers[toRank]?.id ?? null;
  const welcomeBonusPoints = await moveTier(trx, {
    customerId: event.customerId,
    from: state.tierId,
    to,
    at: event.businessAt,
    now: event.now,
    reason: 'purchase',
    metric,
    purchaseId: event.purchaseId,
    welcomeTiers: program.tiers.slice(fromRank + 1, toRank + 1),
  });
  return { previousTierId: state.tierId, tierId: to, moved: true, metric, welcomeBonusPoints };
}

/**
 * Applies the return rule inside the return transaction `trx`, after the return rows are written.
 * A return moves the tier down at once only when it undoes an upgrade: the customer's latest
 * tier move was made by the returned purchase and the metric over the period ending at the
 * return no longer reaches the tier. The customer then goes to the highest tier the metric still
 * reaches, never below the tier held before that purchase. Any other return only lowers the
 * metric, which counts at the next period end. Welcome bonuses already credited stay.
 */
export async function onPurchaseReturned(trx: Db, event: PurchaseTierEvent): Promise<TierOutcome> {
  const auto = await automatic(trx);
  if (!auto) return unchanged(await currentTierId(trx, event.customerId), null);
  return downgradeOnReturn(trx, auto, event);
}

/** {@link onPurchaseReturned} with the programme the caller has (`program` null: no tiers). */
export async function tierOnReturn(
  trx: Db,
  context: { program: TierProgram | null; timeZone: string },
  event: PurchaseTierEvent,
): Promise<TierOutcome> {
  const { program, timeZone } = context;
  if (!program?.autoTransition) return unchanged(await currentTierId(trx, event.customerId), null);
  return downgradeOnReturn(trx, { program, timeZone }, event);
}

async function downgradeOnReturn(
  trx: Db,
  auto: Automatic,
  event: PurchaseTierEvent,
): Promise<TierOutcome> {
  const { program } = auto;
  const state = await lockTierState(trx, program, event.customerId, event.businessAt);
  const latest = await trx
    .selectFrom('customer_tier_history')
    .select(['reason', 'purchase_id', 'from_tier_id', 'to_tier_id'])
    .where('customer_id', '=', event.customerId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const undoes =
    latest?.reason === 'purchase' &&
    latest.purchase_id === event.purchaseId &&
    latest.to_tier_id === state.tierId;
  if (!undoes) return unchanged(state.tierId, null);
  const window = metricWindow(program.period, event.businessAt, auto.timeZone);
  const metric = await tierMetric(trx, program, event.customerId, window);
  const fromRank = tierRank(program, state.tierId);
  const toRank = Math.max(qualifiedRank(program, metric), tierRank(program, latest.from_tier_id));
  if (toRank >= fromRank) return unchanged(state.tierId, metric);
  const to = program.tiers[toRank]?.id ?? null;
  await moveTier(trx, {
    customerId: event.customerId,
    from: state.tierId,
    to,
    at: event.businessAt,
    now: event.now,
    reason: 'return',
    metric,
    purchaseId: event.purchaseId,
    welcomeTiers: [],
  });
  return { previousTierId: state.tierId, tierId: to, moved: true, metric, welcomeBonusPoints: 0 };
}
