import type { CustomerMergeHook } from '../customers/merge-hooks.ts';
import { onPurchaseChanged } from './on-purchase-changed.ts';

/**
 * On a customer merge (after the purchases moved): static-list memberships follow the person,
 * the merged profile's aggregates and rule memberships are dropped, and the survivor's are
 * rebuilt from all the purchases it now holds, so windows, spend and RFM inputs count both.
 */
export const segmentsMergeHook: CustomerMergeHook = {
  name: 'segments',
  async moveRows(trx, { survivorId, mergedId, now }) {
    const statics = await trx
      .selectFrom('segment_members as m')
      .innerJoin('segments as s', 's.id', 'm.segment_id')
      .select(['m.segment_id', 'm.since'])
      .where('m.customer_id', '=', mergedId)
      .where('s.kind', '=', 'static')
      .execute();
    if (statics.length > 0) {
      await trx
        .insertInto('segment_members')
        .values(
          statics.map((m) => ({
            segment_id: m.segment_id,
            customer_id: survivorId,
            since: m.since,
          })),
        )
        .onConflict((oc) => oc.columns(['segment_id', 'customer_id']).doNothing())
        .execute();
    }
    for (const table of [
      'segment_members',
      'customer_purchase_days',
      'customer_skus',
      'customer_rfm',
    ] as const) {
      await trx.deleteFrom(table).where('customer_id', '=', mergedId).execute();
    }
    const purchases = await trx
      .selectFrom('purchases')
      .select('id')
      .where('customer_id', '=', survivorId)
      .execute();
    for (const { id } of purchases)
      await onPurchaseChanged(trx, { customerId: survivorId, purchaseId: id, now });
    return { staticMemberships: statics.length, purchasesCounted: purchases.length };
  },
};
