import { sql } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import { PerkError } from '../errors.ts';
import { pointsOwner } from '../points/customer-owner.ts';
import { takeBackPoints } from '../points/take-back-points.ts';
import type { Db } from '../store/database.ts';
import type { CampaignDefinition } from './campaign-schema.ts';
import { type GivenReward, giveReward } from './give-reward.ts';

/** One chance to be rewarded: who, for what occurrence (`once`, a year, an action id…). */
export interface RewardOccasion {
  campaign: CampaignDefinition;
  customerId: string;
  occurrence: string;
  /** The cap period the reward counts in (action caps); `campaign` otherwise. */
  periodKey?: string;
  /** Whose purchases earned it (the friend's, for a referrer), so a return can find it. */
  progressCustomerId?: string;
  earnedAt: EpochMs;
  now: EpochMs;
}

/** Whether a reward was given, and why not. */
export type GrantOutcome =
  | { campaignId: string; granted: true; operationId: string; reward: GivenReward }
  | { campaignId: string; granted: false; reason: string };

/**
 * Gives the campaign's reward for one occasion exactly once, in the caller's transaction: a
 * live reward row per (campaign, customer, occurrence) is unique in the database, and its
 * operation id (`campaign:<id>:<customer>:<occurrence>:<n>`) makes the points grant idempotent.
 * After a revocation the same occasion may be rewarded again (`n` + 1). Limits are checked
 * here: `per_customer_limit`, `total_limit` (the campaign row is locked, so two nodes cannot
 * both give the last one). A refusal by the reward's module (`coupon_series_not_found`, …)
 * is answered as the reason rather than failing the caller's purchase.
 */
export async function grantCampaignReward(
  trx: Db,
  occasion: RewardOccasion,
): Promise<GrantOutcome> {
  const { campaign, customerId, occurrence } = occasion;
  const refused = (reason: string): GrantOutcome => ({
    campaignId: campaign.id,
    granted: false,
    reason,
  });
  const reward = campaign.reward;
  if (!reward) return refused('no_reward');
  const earlier = await trx
    .selectFrom('campaign_rewards')
    .select(['revoked_at'])
    .where('campaign_id', '=', campaign.id)
    .where('customer_id', '=', customerId)
    .where('occurrence', '=', occurrence)
    .execute();
  if (earlier.some((row) => row.revoked_at === null)) return refused('already_given');
  const limit = await limitReached(trx, campaign, customerId);
  if (limit) return refused(limit);
  const operationId = `campaign:${campaign.id}:${customerId}:${occurrence}:${earlier.length + 1}`;
  const inserted = await trx
    .insertInto('campaign_rewards')
    .values({
      operation_id: operationId,
      campaign_id: campaign.id,
      customer_id: customerId,
      occurrence,
      period_key: occasion.periodKey ?? 'campaign',
      progress_customer_id: occasion.progressCustomerId ?? null,
      reward: JSON.stringify(reward),
      granted_at: new Date(occasion.now),
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (inserted.numInsertedOrUpdatedRows === 0n) return refused('already_given');
  try {
    const given = await giveReward(trx, { ...occasion, reward, operationId });
    await trx
      .updateTable('campaign_rewards')
      .set({ reward: JSON.stringify(given) })
      .where('operation_id', '=', operationId)
      .execute();
    return { campaignId: campaign.id, granted: true, operationId, reward: given };
  } catch (error) {
    // Expected refusals are raised before the reward's module writes, so the transaction is
    // intact; the claim is withdrawn and the purchase goes on.
    if (!(error instanceof PerkError)) throw error;
    await trx.deleteFrom('campaign_rewards').where('operation_id', '=', operationId).execute();
    return refused(error.code);
  }
}

async function limitReached(
  trx: Db,
  campaign: CampaignDefinition,
  customerId: string,
): Promise<string | null> {
  const { perCustomer, total } = campaign.limits ?? {};
  if (perCustomer !== undefined) {
    const given = await liveCount(trx, campaign.id, customerId);
    if (given >= perCustomer) return 'per_customer_limit';
  }
  if (total !== undefined) {
    await trx
      .selectFrom('campaigns')
      .select('id')
      .where('id', '=', campaign.id)
      .forUpdate()
      .execute();
    if ((await liveCount(trx, campaign.id, null)) >= total) return 'total_limit';
  }
  return null;
}

async function liveCount(trx: Db, campaignId: string, customerId: string | null): Promise<number> {
  let query = trx
    .selectFrom('campaign_rewards')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('campaign_id', '=', campaignId)
    .where('revoked_at', 'is', null);
  if (customerId !== null) query = query.where('customer_id', '=', customerId);
  return (await query.executeTakeFirstOrThrow()).n;
}

/**
 * Takes back the live rewards a customer's progress earned (their own, and a referrer's earned
 * by them) once the campaign is no longer complete. Points are taken back as a return takes
 * back accrued points, under the programme's `returnPolicyWhenSpent` (debt or write-off). A
 * coupon already issued stays valid and a tier move stands: the code may be printed or used,
 * and tiers follow their own rules from then on. Answers the operation ids revoked.
 */
export async function revokeProgressRewards(
  trx: Db,
  input: { campaignId: string; progressCustomerId: string; purchaseId: string; now: EpochMs },
): Promise<string[]> {
  const rows = await trx
    .selectFrom('campaign_rewards')
    .select(['operation_id', 'customer_id', 'reward'])
    .where('campaign_id', '=', input.campaignId)
    .where('progress_customer_id', '=', input.progressCustomerId)
    .where('revoked_at', 'is', null)
    .orderBy('operation_id')
    .execute();
  for (const row of rows) {
    await trx
      .updateTable('campaign_rewards')
      .set({ revoked_at: new Date(input.now) })
      .where('operation_id', '=', row.operation_id)
      .execute();
    const given = row.reward as GivenReward;
    // A reward left on a merged profile (the survivor had its own for the occurrence): its
    // points moved to the survivor with the merge, and are taken back there.
    if (given.kind === 'points')
      await takeBackPoints(trx, {
        operationId: `${row.operation_id}:revoke`,
        customerId: await pointsOwner(trx, row.customer_id),
        purchaseId: input.purchaseId,
        points: given.points,
        now: input.now,
      });
  }
  return rows.map((row) => row.operation_id);
}
