import { sql } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import { recordEvents } from '../outbox/record-events.ts';
import { grantBonus } from '../points/grant-bonus.ts';
import type { Db } from '../store/database.ts';
import type { TierMoveReason } from '../store/schema.ts';
import type { Tier, TierProgram } from './tier-program.ts';
import { entryTierId } from './tier-rules.ts';

export interface TierState {
  tierId: string | null;
  /** When the customer entered the tier (or was first seen by the tier programme). */
  since: EpochMs;
}

/**
 * The customer's tier row, locked for the rest of `trx` so that two purchases, a return and the
 * period-end job move one customer one at a time. A customer seen for the first time gets a row
 * holding the entry tier (no history: nothing moved).
 */
export async function lockTierState(
  trx: Db,
  program: TierProgram,
  customerId: string,
  at: EpochMs,
): Promise<TierState> {
  // A template, not a builder: every commit under a tier programme sends it.
  const lock = async () =>
    (
      await sql<{ tier_id: string | null; since: Date }>`SELECT tier_id, since FROM customer_tiers
        WHERE customer_id = ${customerId} FOR UPDATE`.execute(trx)
    ).rows[0];
  // Most customers have their row after their first purchase: one statement then.
  let row = await lock();
  if (!row) {
    await trx
      .insertInto('customer_tiers')
      .values({ customer_id: customerId, tier_id: entryTierId(program), since: new Date(at) })
      .onConflict((oc) => oc.column('customer_id').doNothing())
      .execute();
    row = await lock();
  }
  if (!row) throw new Error(`tier row of ${customerId} vanished under its lock`);
  return { tierId: row.tier_id, since: row.since.getTime() };
}

export interface TierMove {
  customerId: string;
  from: string | null;
  to: string | null;
  /** Business instant of the move (the purchase's, the return's, the run's). */
  at: EpochMs;
  now: EpochMs;
  reason: TierMoveReason;
  /** The metric that decided the move (kopecks or purchases). */
  metric: number;
  purchaseId?: string;
  actorName?: string;
  note?: string;
  /** Tiers whose welcome bonus this move may credit, each at most once per customer ever. */
  welcomeTiers: readonly Tier[];
}

/**
 * Moves the customer (whose row the caller locked) and records the move in the history; credits
 * the welcome bonus of each of `welcomeTiers` the customer never had one from. Answers the
 * points credited.
 */
export async function moveTier(trx: Db, move: TierMove): Promise<number> {
  let bonusPoints = 0;
  for (const tier of move.welcomeTiers) bonusPoints += await creditWelcome(trx, move, tier);
  await trx
    .updateTable('customer_tiers')
    .set({ tier_id: move.to, since: new Date(move.at), updated_at: new Date(move.now) })
    .where('customer_id', '=', move.customerId)
    .execute();
  await trx
    .insertInto('customer_tier_history')
    .values({
      customer_id: move.customerId,
      from_tier_id: move.from,
      to_tier_id: move.to,
      at: new Date(move.at),
      reason: move.reason,
      metric: move.metric,
      purchase_id: move.purchaseId ?? null,
      actor_name: move.actorName ?? null,
      note: move.note ?? null,
      welcome_bonus_points: bonusPoints,
    })
    .execute();
  // Every tier move passes here (purchase, return, period end, by hand): its event too.
  await recordEvents(
    trx,
    [
      {
        type: 'tier.changed',
        occurredAt: new Date(move.at),
        customerId: move.customerId,
        payload: {
          previousTierId: move.from,
          tierId: move.to,
          reason: move.reason,
          purchaseId: move.purchaseId ?? null,
          welcomeBonusPoints: bonusPoints,
        },
      },
    ],
    new Date(move.now),
  );
  return bonusPoints;
}

// "Credited once" is a row per (customer, tier): leaving the tier and coming back credits
// nothing, and a replayed operation cannot pass the primary key twice.
async function creditWelcome(trx: Db, move: TierMove, tier: Tier): Promise<number> {
  const points = tier.welcomeBonusPoints ?? 0;
  if (points === 0) return 0;
  const operationId = `tier-welcome:${move.customerId}:${tier.id}`;
  const claimed = await trx
    .insertInto('tier_welcome_bonuses')
    .values({
      customer_id: move.customerId,
      tier_id: tier.id,
      points,
      granted_at: new Date(move.at),
      operation_id: operationId,
    })
    .onConflict((oc) => oc.columns(['customer_id', 'tier_id']).doNothing())
    .returning('tier_id')
    .executeTakeFirst();
  if (!claimed) return 0;
  await grantBonus(trx, {
    operationId,
    customerId: move.customerId,
    kind: 'welcome_bonus',
    points,
    reason: `tier:${tier.id}`,
    earnedAt: move.at,
    now: move.now,
  });
  return points;
}
