import type { EpochMs } from '../calendar/day-number.ts';
import { assertNonNegativeInteger } from './integers.ts';
import { drawInOrder, type Lot, lotState, spendingOrder } from './lots.ts';
import type { ReturnPolicyWhenSpent } from './program-settings.ts';

export interface TakeBackSettlement {
  /** Points taken from what the customer holds. */
  takenPoints: number;
  /** `negative_balance`: points taken beyond the holdings, the customer now owes them. */
  debtPoints: number;
  /** `deduct_available`: points that could not be taken and are written off. */
  unrecoverablePoints: number;
}

/**
 * What happens when a return takes back accrued points the customer has partly spent.
 * `negative_balance` takes them all and the shortfall becomes a debt (the balance goes
 * negative); `deduct_available` takes what is there and records the shortfall as unrecoverable.
 *
 * @param availablePoints - points that can be taken now (may be negative if already in debt)
 * @param takeBackPoints - points the return takes back
 */
export function settleTakeBack(
  policy: ReturnPolicyWhenSpent,
  availablePoints: number,
  takeBackPoints: number,
): TakeBackSettlement {
  assertNonNegativeInteger('takeBackPoints', takeBackPoints);
  const takenPoints = Math.min(takeBackPoints, Math.max(0, availablePoints));
  const shortfall = takeBackPoints - takenPoints;
  return policy === 'negative_balance'
    ? { takenPoints, debtPoints: shortfall, unrecoverablePoints: 0 }
    : { takenPoints, debtPoints: 0, unrecoverablePoints: shortfall };
}

export interface TakeBackDraw {
  lotId: string;
  points: number;
  /** Whether the points were still pending or already active when taken. */
  from: 'pending' | 'active';
}

export interface TakeBackPlan extends TakeBackSettlement {
  draws: TakeBackDraw[];
}

/**
 * Which lots a return's take-back of `points` draws on: first the purchase's own lots while
 * they last and have not expired (usually still pending, as the return period and the pending
 * period coincide), then the customer's other active lots in spending order. Pending points of
 * other purchases are never taken. The shortfall is settled by `policy` ({@link settleTakeBack}).
 */
export function planTakeBack(
  lots: readonly Lot[],
  ownLotIds: readonly string[],
  points: number,
  now: EpochMs,
  policy: ReturnPolicyWhenSpent,
): TakeBackPlan {
  const isOwn = (lot: Lot) => ownLotIds.includes(lot.lotId);
  const own = lots.filter((lot) => isOwn(lot) && lotState(lot, now) !== 'expired');
  const others = lots.filter((lot) => !isOwn(lot) && lotState(lot, now) === 'active');
  const candidates = [...own.sort(spendingOrder), ...others.sort(spendingOrder)];
  const available = candidates.reduce((sum, lot) => sum + lot.remaining, 0);
  const settlement = settleTakeBack(policy, available, points);
  const draws = drawInOrder(candidates, settlement.takenPoints).map((draw) => {
    const lot = candidates.find((candidate) => candidate.lotId === draw.lotId);
    const from = lot !== undefined && lotState(lot, now) === 'pending' ? 'pending' : 'active';
    return { ...draw, from } as const;
  });
  return { ...settlement, draws };
}
