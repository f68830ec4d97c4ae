import { type Reason, reason } from '../explain/reason.ts';
import type { GiftGrant, LineDiscount, LinePoints, MechanicOutcome } from './mechanic.ts';

// Outcomes are internal and never changed after creation, so empty lists can be shared. Not
// frozen: frozen arrays mixed with plain ones make for-of loops allocate an iterator result per step.
const NONE: readonly never[] = [];

export function refuse(why: Reason): MechanicOutcome {
  return { applied: false, reason: why };
}

/** A money reward; refused as `no_benefit` when every line's discount rounds to zero. */
export function discountReward(
  discounts: readonly LineDiscount[],
  options: { splittable: boolean; hint?: Reason | undefined },
): MechanicOutcome {
  // Usually every line gets something: keep the list then rather than copying it.
  let allPositive = true;
  for (const d of discounts) if (d.discountMinor <= 0) allPositive = false;
  const nonZero = allPositive ? discounts : discounts.filter((d) => d.discountMinor > 0);
  if (nonZero.length === 0) return refuse(reason('no_benefit'));
  return {
    applied: true,
    discounts: nonZero,
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
    discounts: NONE,
    splittable: false,
    points: nonZero,
    gifts: NONE,
    hint: undefined,
  };
}

export function giftReward(gifts: readonly GiftGrant[]): MechanicOutcome {
  return {
    applied: true,
    discounts: NONE,
    splittable: false,
    points: NONE,
    gifts,
    hint: undefined,
  };
}
