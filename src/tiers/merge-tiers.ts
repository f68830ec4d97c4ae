import type { CustomerMergeHook } from '../customers/merge-hooks.ts';

/**
 * On a customer merge the survivor keeps its tier and history; the merged profile's purchases
 * count toward the survivor's metric from the next purchase or period end. Welcome bonuses
 * already paid to either profile stay paid: "once per tier" holds for the person.
 */
export const tiersMergeHook: CustomerMergeHook = {
  name: 'tiers',
  async moveRows(trx, { survivorId, mergedId }) {
    const bonuses = await trx
      .selectFrom('tier_welcome_bonuses')
      .selectAll()
      .where('customer_id', '=', mergedId)
      .execute();
    if (bonuses.length > 0) {
      await trx
        .insertInto('tier_welcome_bonuses')
        .values(bonuses.map((b) => ({ ...b, customer_id: survivorId })))
        .onConflict((oc) => oc.columns(['customer_id', 'tier_id']).doNothing())
        .execute();
    }
    return { welcomeBonuses: bonuses.length };
  },
};
