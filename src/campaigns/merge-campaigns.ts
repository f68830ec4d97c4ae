import { sql } from 'kysely';
import type { CustomerMergeHook } from '../customers/merge-hooks.ts';

/**
 * On a customer merge, campaigns follow the person: progress is combined (the qualifying
 * purchases of both profiles count), rewards and reported actions move to the survivor (but
 * for an occurrence the survivor was rewarded for too), the
 * survivor keeps its own referral code (the merged one's is kept only when it has none), and
 * a referral recorded for either side is kept unless it would make the survivor its own referrer.
 */
export const campaignsMergeHook: CustomerMergeHook = {
  name: 'campaigns',
  async moveRows(trx, { survivorId, mergedId }) {
    const progress = await trx
      .selectFrom('campaign_progress')
      .select(['campaign_id', 'purchase_ids'])
      .where('customer_id', '=', mergedId)
      .execute();
    for (const row of progress) {
      await trx
        .insertInto('campaign_progress')
        .values({
          campaign_id: row.campaign_id,
          customer_id: survivorId,
          purchase_ids: row.purchase_ids,
        })
        .onConflict((oc) =>
          oc.columns(['campaign_id', 'customer_id']).doUpdateSet({
            purchase_ids: sql`array(select distinct unnest(campaign_progress.purchase_ids || excluded.purchase_ids))`,
          }),
        )
        .execute();
    }
    await trx.deleteFrom('campaign_progress').where('customer_id', '=', mergedId).execute();
    // A reward both profiles were given for the same occurrence (a welcome or birthday bonus
    // each) stays on the merged profile: its points have moved with the points, and the
    // survivor keeps the one live reward an occurrence may have.
    const { rows: rewards } = await sql<{ operation_id: string }>`UPDATE campaign_rewards AS r
      SET customer_id = ${survivorId}
      WHERE r.customer_id = ${mergedId}
        AND (r.revoked_at IS NOT NULL OR NOT EXISTS (
          SELECT 1 FROM campaign_rewards s
          WHERE s.customer_id = ${survivorId} AND s.campaign_id = r.campaign_id
            AND s.occurrence = r.occurrence AND s.revoked_at IS NULL))
      RETURNING r.operation_id`.execute(trx);
    await trx
      .updateTable('campaign_rewards')
      .set({ progress_customer_id: survivorId })
      .where('progress_customer_id', '=', mergedId)
      .execute();
    await sql`UPDATE customer_actions SET customer_id = ${survivorId}
      WHERE customer_id = ${mergedId}
        AND action_id NOT IN (SELECT action_id FROM customer_actions WHERE customer_id = ${survivorId})`.execute(
      trx,
    );
    await sql`UPDATE referral_codes SET customer_id = ${survivorId}
      WHERE customer_id = ${mergedId} AND NOT EXISTS (SELECT 1 FROM referral_codes WHERE customer_id = ${survivorId})`.execute(
      trx,
    );
    await sql`UPDATE referrals SET referrer_id = ${survivorId} WHERE referrer_id = ${mergedId} AND friend_id <> ${survivorId}`.execute(
      trx,
    );
    await sql`UPDATE referrals SET friend_id = ${survivorId}
      WHERE friend_id = ${mergedId} AND referrer_id <> ${survivorId}
        AND NOT EXISTS (SELECT 1 FROM referrals WHERE friend_id = ${survivorId})`.execute(trx);
    return { progress: progress.length, rewards: rewards.length };
  },
};
