import { sql } from 'kysely';
import type { CustomerMergeHook } from '../customers/merge-hooks.ts';

/**
 * On a customer merge, the merged profile's coupons, redemptions and per-customer promotion uses
 * become the survivor's, so "once per customer" still means once for the person: uses of both
 * profiles add up.
 */
export const couponsMergeHook: CustomerMergeHook = {
  name: 'coupons',
  async moveRows(trx, { survivorId, mergedId }) {
    const coupons = await trx
      .updateTable('coupons')
      .set({ customer_id: survivorId })
      .where('customer_id', '=', mergedId)
      .returning('code')
      .execute();
    await trx
      .updateTable('coupon_redemptions')
      .set({ customer_id: survivorId })
      .where('customer_id', '=', mergedId)
      .execute();
    const uses = await trx
      .deleteFrom('promotion_customer_usage')
      .where('customer_id', '=', mergedId)
      .returning(['promotion_id', 'uses'])
      .execute();
    if (uses.length > 0) {
      await trx
        .insertInto('promotion_customer_usage')
        .values(
          uses.map((u) => ({
            promotion_id: u.promotion_id,
            customer_id: survivorId,
            uses: u.uses,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['promotion_id', 'customer_id'])
            .doUpdateSet({ uses: sql`promotion_customer_usage.uses + excluded.uses` }),
        )
        .execute();
    }
    return { coupons: coupons.length, promotionsUsed: uses.length };
  },
};
