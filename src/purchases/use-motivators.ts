import { recordUsage } from '../budgets/record-usage.ts';
import { releaseUsage } from '../budgets/release-usage.ts';
import type { PromotionGrant } from '../budgets/usage-limits.ts';
import type { CartCalculation } from '../carts/calculate-cart.ts';
import { limitsOf } from '../carts/cart-usage.ts';
import { consumeCoupons, releaseCoupons } from '../coupons/consume-coupons.ts';
import { couponRefusalText } from '../engine/explain/messages.ts';
import type { Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import { conflict } from '../errors.ts';
import type { Db } from '../store/database.ts';

/**
 * Uses, inside the commit transaction, the coupons the calculation applied and the budgets and
 * use limits of its promotions. Both lock their rows, so of concurrent commits exactly those that
 * fit are accepted. A refusal rolls the whole commit back: 409 `coupon_no_longer_valid` or
 * `promotion_limit_reached`, after which the till calculates again and gets the reason.
 */
export async function useMotivators(
  trx: Db,
  input: {
    purchaseId: string;
    customerId: string | null;
    calculation: CartCalculation;
    ruleset: Ruleset;
  },
): Promise<void> {
  const { purchaseId, customerId, calculation } = input;
  const codes = calculation.appliedPromotions.flatMap((p) => (p.couponCode ? [p.couponCode] : []));
  const coupons = await consumeCoupons(trx, {
    purchaseId,
    customerId,
    storeId: calculation.storeId,
    codes,
    now: new Date(calculation.calculatedAt),
  });
  if (!coupons.ok) {
    throw conflict(
      'coupon_no_longer_valid',
      'A coupon of this check was used or changed meanwhile; calculate again',
      '/couponCodes',
      {
        refused: coupons.refused.map((refusal) => ({
          ...refusal,
          message: couponRefusalText(refusal.code, refusal.reason),
        })),
      },
    );
  }
  const usage = await recordUsage(trx, {
    purchaseId,
    customerId,
    applied: calculation.appliedPromotions,
    limitsByPromotion: limitsOf(input.ruleset),
  });
  if (!usage.ok) {
    throw conflict(
      'promotion_limit_reached',
      'A promotion of this check reached its limit or budget meanwhile; calculate again',
      '/lines',
      {
        refused: usage.refused,
      },
    );
  }
}

/**
 * Gives back, inside a return's transaction, what the returned units held of budgets (pro rata
 * by quantity) and, when nothing of the purchase is left, its uses and coupons too. Coupons
 * first, then budgets: the order a commit locks them in, so a return and a commit never wait on
 * each other's rows.
 */
export async function releaseMotivators(
  trx: Db,
  input: { purchaseId: string; whole: boolean; returned: readonly PromotionGrant[]; now: Date },
): Promise<void> {
  if (input.whole) await releaseCoupons(trx, { purchaseId: input.purchaseId, now: input.now });
  await releaseUsage(trx, {
    purchaseId: input.purchaseId,
    whole: input.whole,
    returned: input.returned,
  });
}
