import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import { PointsFrame } from './points-frame.ts';

export interface TransitionCounts {
  /** Lots that became spendable. */
  activated: number;
  /** Lots whose remaining points were written off. */
  expired: number;
}

/**
 * Brings one customer's lots up to `now` (epoch ms): pending lots whose `activates_at <= now`
 * become active, then active lots whose `expires_at <= now` lose what they hold. Each entry is
 * dated at the lot's own instant, not at `now`, so a late run books the same entries an
 * on-time one would. Locks the customer's account (a points frame with nothing else in it); a
 * second call changes nothing, since activated lots are flagged and expired ones hold nothing.
 */
export async function applyDueTransitions(
  trx: Db,
  customerId: string,
  now: EpochMs,
): Promise<TransitionCounts> {
  const frame = await PointsFrame.open(trx, customerId, now, false);
  if (frame.due.activated + frame.due.expired > 0) await frame.write(trx);
  return { ...frame.due };
}
