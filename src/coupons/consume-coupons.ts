import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { hasValidCheck, normaliseCode } from './code-format.ts';
import { type CouponReason, checkCoupon } from './coupon-check.ts';
import { loadCouponFacts } from './coupon-facts.ts';

export interface ConsumeCouponsInput {
  purchaseId: string;
  customerId: string | null;
  storeId: string;
  /** Codes applied by the calculation (`appliedPromotions[].couponCode`), as typed or normalised. */
  codes: readonly string[];
  /** The purchase's business instant. */
  now: Date;
}

export type ConsumeCouponsResult =
  | { ok: true; consumed: { code: string; promotionId: string }[] }
  | { ok: false; refused: { code: string; reason: CouponReason }[] };

/**
 * Uses the coupons of a purchase, inside the commit transaction. The coupon rows are locked in
 * code order, checked again by the same rule as `resolveCoupons` and, only when every code still
 * holds, each gets one use and a redemption row. Of two tills committing one single-use code at
 * once, the second waits for the first's lock and is refused with `used`. A refusal writes
 * nothing; the caller answers 409 and the till recalculates.
 */
export async function consumeCoupons(
  trx: Kysely<Database>,
  input: ConsumeCouponsInput,
): Promise<ConsumeCouponsResult> {
  const codes = [...new Set(input.codes.map(normaliseCode))].sort();
  if (codes.length === 0) return { ok: true, consumed: [] };
  const facts = await loadCouponFacts(trx, codes.filter(hasValidCheck), input.customerId, true);
  const situation = {
    customerId: input.customerId,
    storeId: input.storeId,
    now: input.now.getTime(),
  };
  const refused: { code: string; reason: CouponReason }[] = [];
  const consumed: { code: string; promotionId: string }[] = [];
  for (const code of codes) {
    const found = facts.get(code);
    const check = found
      ? checkCoupon(found, situation)
      : ({ valid: false, reason: 'unknown' } as const);
    if (check.valid) consumed.push({ code, promotionId: check.promotionId });
    else refused.push({ code, reason: check.reason });
  }
  if (refused.length > 0) return { ok: false, refused };
  await trx
    .updateTable('coupons')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('code', 'in', codes)
    .execute();
  await trx
    .insertInto('coupon_redemptions')
    .values(
      codes.map((code) => ({
        code,
        purchase_id: input.purchaseId,
        customer_id: input.customerId,
        redeemed_at: input.now,
      })),
    )
    .execute();
  return { ok: true, consumed };
}

/**
 * Gives back the coupons of a cancelled or fully returned purchase, inside that transaction, for
 * the series whose rule says so (`releaseOnCancel`); a partial return keeps them. Each released
 * code gets its use back and its redemption is marked released, so a second call releases
 * nothing. Answers the released codes.
 */
export async function releaseCoupons(
  trx: Kysely<Database>,
  input: { purchaseId: string; now: Date },
): Promise<string[]> {
  const redeemed = await trx
    .selectFrom('coupon_redemptions')
    .select('code')
    .where('purchase_id', '=', input.purchaseId)
    .where('released_at', 'is', null)
    .execute();
  if (redeemed.length === 0) return [];
  const facts = await loadCouponFacts(
    trx,
    redeemed.map((r) => r.code),
    null,
    true,
  );
  const codes = [...facts.values()].filter((f) => f.releaseOnCancel).map((f) => f.code);
  if (codes.length === 0) return [];
  await trx
    .updateTable('coupons')
    .set((eb) => ({ uses: eb('uses', '-', 1) }))
    .where('code', 'in', codes)
    .execute();
  await trx
    .updateTable('coupon_redemptions')
    .set({ released_at: input.now })
    .where('purchase_id', '=', input.purchaseId)
    .where('code', 'in', codes)
    .execute();
  return codes;
}
