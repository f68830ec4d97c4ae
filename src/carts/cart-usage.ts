import { usageFor } from '../budgets/usage-for.ts';
import type { LimitsByPromotion } from '../budgets/usage-limits.ts';
import { type CouponCheck, toEngineEntries } from '../coupons/coupon-check.ts';
import type { FailedLookupLimiter } from '../coupons/failure-limiter.ts';
import { resolveCoupons } from '../coupons/resolve-coupons.ts';
import { couponRefusalText, type LocalizedText } from '../engine/explain/messages.ts';
import type { CouponEntry, PromotionUsage } from '../engine/model/context.ts';
import type { Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import { PerkError } from '../errors.ts';
import type { Db } from '../store/database.ts';

const limitsCache = new WeakMap<Ruleset, LimitsByPromotion>();

/** Each promotion's limits, computed once per compiled ruleset (the cart path runs on every sale). */
export function limitsOf(ruleset: Ruleset): LimitsByPromotion {
  let limits = limitsCache.get(ruleset);
  if (!limits) {
    limits = Object.fromEntries(
      ruleset.promotions.map((p) => [p.definition.id, p.definition.limits]),
    );
    limitsCache.set(ruleset, limits);
  }
  return limits;
}

/**
 * What the engine needs to know beyond the cart: the entered coupons, checked, and how much of
 * each limited promotion is used. Refuses with 429 `too_many_failed_lookups` when the key or the
 * customer has tried too many unknown codes.
 */
export async function cartUsage(
  db: Db,
  input: {
    ruleset: Ruleset;
    codes: readonly string[];
    customerId: string | null;
    storeId: string;
    now: Date;
    apiKeyId: string | null;
    /** Unknown codes, counted against the key and the customer. */
    couponLookups: FailedLookupLimiter;
  },
): Promise<{
  couponCodes: CouponEntry[];
  coupons: CouponCheck[];
  usage: Record<string, PromotionUsage>;
}> {
  const [coupons, usage] = await Promise.all([
    resolveCoupons(
      db,
      {
        codes: input.codes,
        customerId: input.customerId,
        storeId: input.storeId,
        now: input.now,
        apiKeyId: input.apiKeyId,
      },
      input.couponLookups,
    ),
    usageFor(db, limitsOf(input.ruleset), input.customerId),
  ]);
  if (!coupons.ok) {
    throw new PerkError(
      'rate_limited',
      coupons.code,
      `Too many unknown codes; try again in ${coupons.retryAfterSeconds} s`,
      {
        field: '/couponCodes',
        details: { retryAfterSeconds: coupons.retryAfterSeconds },
      },
    );
  }
  return { couponCodes: toEngineEntries(coupons.coupons), coupons: coupons.coupons, usage };
}

/**
 * The engine knows fewer refusal reasons than the coupon module (`wrong_store`,
 * `customer_required` reach it as `unknown`); the answer reports the module's exact reason, and
 * for a refused code its text (null otherwise).
 */
export function withCouponReasons<
  T extends { code: string; accepted: boolean; reason: string | null; promotionId: string | null },
>(
  results: readonly T[],
  checks: readonly CouponCheck[],
): (T & { message: LocalizedText | null })[] {
  const byCode = new Map(checks.map((check) => [check.code, check]));
  return results.map((result) => {
    const check = byCode.get(result.code);
    if (!check || check.valid || result.accepted) return { ...result, message: null };
    return {
      ...result,
      reason: check.reason,
      promotionId: check.promotionId ?? result.promotionId,
      message: couponRefusalText(check.code, check.reason),
    };
  });
}
