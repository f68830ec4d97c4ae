import type { Actor } from '../access/actor.ts';
import type { EpochMs } from '../calendar/day-number.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { tierMetric } from './tier-metric.ts';
import { getTierProgram } from './tier-program-store.ts';
import { metricWindow, tierRank } from './tier-rules.ts';
import { lockTierState, moveTier } from './tier-state.ts';
import type { TierOutcome } from './tier-transitions.ts';

export interface ManualMove {
  /** The tier to put the customer in; null takes every tier away. */
  tierId: string | null;
  note?: string;
}

/**
 * Puts a customer in a tier by hand (reason `manual`, the actor recorded). Allowed only when the
 * programme's auto-transition is off: with it on, the rules alone move customers (as in the seed).
 * Moving up credits the target tier's welcome bonus, once per customer ever; tiers skipped by a
 * manual move give none. Refusals: `tiers_not_configured`, `manual_moves_disabled`,
 * `customer_merged` (409), `unknown_tier` (400), `customer_not_found` (404).
 */
export async function assignTier(
  db: Db,
  actor: Actor,
  customerId: string,
  move: ManualMove,
  now: EpochMs,
): Promise<TierOutcome> {
  const program = (await getTierProgram(db))?.program;
  if (!program) throw conflict('tiers_not_configured', 'No tier programme is defined');
  if (program.autoTransition) {
    throw conflict(
      'manual_moves_disabled',
      'Auto-transition is on: customers move between tiers by the rules only',
    );
  }
  const toRank = tierRank(program, move.tierId);
  if (move.tierId !== null && toRank < 0) {
    throw invalid('unknown_tier', `No tier with id "${move.tierId}"`, '/tierId');
  }
  const { timeZone } = await getProgramSettings(db);
  return db.transaction().execute(async (trx) => {
    const customer = await trx
      .selectFrom('customers')
      .select('merged_into')
      .where('id', '=', customerId)
      .forShare()
      .executeTakeFirst();
    if (!customer)
      throw notFound('customer_not_found', `No customer with id "${customerId}"`, '/id');
    if (customer.merged_into) {
      throw conflict(
        'customer_merged',
        `The customer was merged into ${customer.merged_into}`,
        '/id',
      );
    }
    const state = await lockTierState(trx, program, customerId, now);
    const metric = await tierMetric(
      trx,
      program,
      customerId,
      metricWindow(program.period, now, timeZone),
    );
    if (state.tierId === move.tierId) {
      return {
        previousTierId: state.tierId,
        tierId: state.tierId,
        moved: false,
        metric,
        welcomeBonusPoints: 0,
      };
    }
    const target = program.tiers[toRank];
    const welcomeBonusPoints = await moveTier(trx, {
      customerId,
      from: state.tierId,
      to: move.tierId,
      at: now,
      now,
      reason: 'manual',
      metric,
      actorName: actor.name,
      ...(move.note ? { note: move.note } : {}),
      welcomeTiers: target && toRank > tierRank(program, state.tierId) ? [target] : [],
    });
    return {
      previousTierId: state.tierId,
      tierId: move.tierId,
      moved: true,
      metric,
      welcomeBonusPoints,
    };
  });
}
