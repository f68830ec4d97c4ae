import type { CustomerMergeHook } from '../customers/merge-hooks.ts';

/** On a customer merge, the merged profile's purchases become the survivor's history. */
export const purchasesMergeHook: CustomerMergeHook = {
  name: 'purchases',
  async moveRows(trx, merge) {
    const moved = await trx
      .updateTable('purchases')
      .set({ customer_id: merge.survivorId })
      .where('customer_id', '=', merge.mergedId)
      .returning('id')
      .execute();
    return { count: moved.length };
  },
};
