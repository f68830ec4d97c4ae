import type { CustomerMergeHook } from '../customers/merge-hooks.ts';

/** On a customer merge, the merged profile's logged calculations are listed with the survivor's. */
export const calculationLogMergeHook: CustomerMergeHook = {
  name: 'calculationLog',
  async moveRows(trx, merge) {
    const moved = await trx
      .updateTable('calculation_log')
      .set({ customer_id: merge.survivorId })
      .where('customer_id', '=', merge.mergedId)
      .executeTakeFirst();
    return { count: Number(moved.numUpdatedRows) };
  },
};
