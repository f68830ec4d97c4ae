import type { CustomerMergeHook } from '../customers/merge-hooks.ts';

/**
 * On a customer merge, the merged profile's message history becomes the survivor's; runs before
 * the segments hook, which re-evaluates the survivor's rule segments.
 */
export const communicationsMergeHook: CustomerMergeHook = {
  name: 'communications',
  async moveRows(trx, merge) {
    const moved = await trx
      .updateTable('communication_events')
      .set({ customer_id: merge.survivorId })
      .where('customer_id', '=', merge.mergedId)
      .executeTakeFirst();
    return { events: Number(moved.numUpdatedRows) };
  },
};
