import { type Reason, reason } from '../explain/reason.ts';
import type { GiftGrant, LineDiscount, LinePoints, MechanicOutcome } from './mechanic.ts';

export function refuse(why: Reason): MechanicOutcome {
  return { applied: false, reason: why };
}

/** A money reward; refused as `no_benefit` when every line's discount rounds to zero. */
export function discountReward(
  discounts: readonly LineDiscount[],
  options: { splittable: boolean; hint?: Reason | undefined },
): MechanicOutcome {
  // Usually every line gets something: keep the list then rather than copying it.
  const nonZero = discounts.every((d) => d.discountMinor > 0)
    ? discounts
    : discounts.filter((d) => d.discountMinor > 0);
  if (nonZero.length === 0) return refuse(reason('no_benefit'));
  return {
    applied: true,
    discounts: nonZero,
    splittable: options.splittable,
    points: [],
    gifts: [],
    hint: options.hint,
  };
}

export function pointsReward(points: readonly LinePoints[]): MechanicOutcome {
  const nonZero = points.filter((p) => p.points > 0);
  if (nonZero.length === 0) return refuse(reason('no_benefit'));
  return {
    applied: true,
    discounts: [],
    splittable: false,
    points: nonZero,
    gifts: [],
    hint: undefined,
  };
}

export function giftReward(gifts: readonly GiftGrant[]): MechanicOutcome {
  return { applied: true, discounts: [], splittable: false, points: [], gifts, hint: undefined };
}
