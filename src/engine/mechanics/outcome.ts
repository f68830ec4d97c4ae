import { type Reason, reason } from '../explain/reason.ts';
import { nextDiscount } from './line-discounts.ts';
import type { GiftGrant, LinePoints, MechanicOutcome } from './mechanic.ts';

// Outcomes are internal and never changed after creation, so empty lists can be shared. Not
// frozen: frozen arrays mixed with plain ones make for-of loops allocate an iterator result per step.
const NONE: readonly never[] = [];

export function refuse(why: Reason): MechanicOutcome {
  return { applied: false, reason: why };
}

/**
 * A money reward of the line discounts written since `from` (see line-discounts.ts); refused as
 * `no_benefit` when every line's discount rounds to zero (so none was written).
 */
export function discountReward(
  from: number,
  options: { splittable: boolean; hint?: Reason | undefined },
): MechanicOutcome {
  const to = nextDiscount();
  if (to === from) return refuse(reason('no_benefit'));
  return {
    applied: true,
    discountsFrom: from,
    discountsTo: to,
    splittable: options.splittable,
    points: NONE,
    gifts: NONE,
    hint: options.hint,
  };
}

export function pointsReward(points: readonly LinePoints[]): MechanicOutcome {
  const nonZero = points.filter((p) => p.points > 0);
  if (nonZero.length === 0) return refuse(reason('no_benefit'));
  return {
    applied: true,
    discountsFrom: 0,
    discountsTo: 0,
    splittable: false,
    points: nonZero,
    gifts: NONE,
    hint: undefined,
  };
}

export function giftReward(gifts: readonly GiftGrant[]): MechanicOutcome {
  return {
    applied: true,
    discountsFrom: 0,
    discountsTo: 0,
    splittable: false,
    points: NONE,
    gifts,
    hint: undefined,
  };
}
