import type { CouponEntry } from '../engine/model/context.ts';

/**
 * Why an entered code cannot be used. `used_by_customer`: this customer has had the uses the
 * series allows one customer; `exhausted`: the code has no uses left at all. All but two are the
 * engine's `CouponEntry` reasons;
 * `wrong_store` (the series is limited to other stores) and `customer_required` (a promo code with
 * a per-customer limit entered by an anonymous buyer) are Perk's own until the engine's enum
 * carries them — see `toEngineEntries`.
 */
export type CouponReason =
  | 'unknown'
  | 'not_started'
  | 'expired'
  | 'wrong_store'
  | 'other_customer'
  | 'customer_required'
  | 'used_by_customer'
  | 'exhausted';

/** An entered code, checked: valid for its promotion, or refused with a reason. */
export type CouponCheck =
  | { code: string; promotionId: string; valid: true }
  | { code: string; promotionId?: string; valid: false; reason: CouponReason };

/** A code's row joined with its series, as both the resolver and consumption read it. */
export interface CouponFacts {
  code: string;
  promotionId: string;
  uses: number;
  maxUses: number | null;
  boundCustomerId: string | null;
  perCustomerUses: number | null;
  /** Uses of this code by the buyer, counted only when the series has a per-customer limit. */
  customerUses: number;
  validFrom: Date | null;
  validTo: Date | null;
  storeIds: readonly string[] | null;
}

export interface CouponSituation {
  customerId: string | null;
  storeId: string;
  /** The purchase's business instant, ms since the epoch. */
  now: number;
}

/**
 * The one rule, shared by calculate and commit, in this order: the period (`not_started`,
 * `expired`: validTo is exclusive), the store, the owner, then the use counts: this customer's
 * first (`used_by_customer`, which tells the buyer more than that nobody may use it any more),
 * then the code's (`exhausted`).
 */
export function checkCoupon(facts: CouponFacts, situation: CouponSituation): CouponCheck {
  const refuse = (reason: CouponReason): CouponCheck => ({
    code: facts.code,
    promotionId: facts.promotionId,
    valid: false,
    reason,
  });
  if (facts.validFrom && situation.now < facts.validFrom.getTime()) return refuse('not_started');
  if (facts.validTo && situation.now >= facts.validTo.getTime()) return refuse('expired');
  if (facts.storeIds && !facts.storeIds.includes(situation.storeId)) return refuse('wrong_store');
  if (facts.boundCustomerId && facts.boundCustomerId !== situation.customerId) {
    return refuse('other_customer');
  }
  if (facts.perCustomerUses !== null) {
    // An anonymous buyer could repeat a "once per customer" code without end.
    if (situation.customerId === null) return refuse('customer_required');
    if (facts.customerUses >= facts.perCustomerUses) return refuse('used_by_customer');
  }
  if (facts.maxUses !== null && facts.uses >= facts.maxUses) return refuse('exhausted');
  return { code: facts.code, promotionId: facts.promotionId, valid: true };
}

const engineReasons = new Set<string>([
  'unknown',
  'expired',
  'used_by_customer',
  'exhausted',
  'not_started',
  'other_customer',
]);

/**
 * The checks as the engine's context takes them. The engine's enum lacks `wrong_store` and
 * `customer_required`; such a code is passed on without its promotion, as `unknown`, so it can
 * never apply, and the caller should report the reason from the check itself.
 */
export function toEngineEntries(checks: readonly CouponCheck[]): CouponEntry[] {
  return checks.map((check) => {
    if (check.valid || engineReasons.has(check.reason)) return check as CouponEntry;
    return { code: check.code, valid: false, reason: 'unknown' };
  });
}
