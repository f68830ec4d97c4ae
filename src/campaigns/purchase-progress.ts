import { sql } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import { heldOutOfCampaign } from './campaign-holdout.ts';
import type { CampaignDefinition } from './campaign-schema.ts';
import { campaignDay, inPeriod } from './campaign-window.ts';
import { type GrantOutcome, grantCampaignReward, revokeProgressRewards } from './grant-reward.ts';
import { purchaseFacts, purchaseQualifies, purchaseTarget } from './purchase-facts.ts';
import { referrerOf } from './referrals.ts';

/** A purchase being committed, as the campaign step sees it (its row is not written yet). */
export interface CommittedPurchase {
  customerId: string;
  purchaseId: string;
  businessAt: EpochMs;
  now: EpochMs;
  /** Money paid for it, kopecks: a new purchase is kept and has no refunds. */
  paidMinor: number;
  /** The segments the customer is in, for campaign audiences. */
  segmentIds: readonly string[];
}

/**
 * The purchase hook: call it in the commit's transaction, for a purchase with a customer, with
 * the active purchase-driven campaigns (`purchase_count`, `first_purchase`, `referral`). Counts
 * the purchase towards each whose period holds its business date (programme zone `timeZone`),
 * whose audience holds the customer, whose control group does not hold them out and whose
 * minimum it meets; a campaign completed by it
 * rewards its customer (and, for a referral, the referrer) once. Answers the grant outcomes.
 */
export async function onPurchaseCommitted(
  trx: Db,
  campaigns: readonly CampaignDefinition[],
  timeZone: string,
  event: CommittedPurchase,
): Promise<GrantOutcome[]> {
  if (campaigns.length === 0) return [];
  const day = campaignDay(event.businessAt, timeZone);
  const facts = { netPaidMinor: event.paidMinor, kept: true };
  const outcomes: GrantOutcome[] = [];
  for (const campaign of campaigns) {
    if (!inPeriod(campaign, day) || !purchaseQualifies(campaign.rule, facts)) continue;
    const wanted = campaign.audience?.segmentIds;
    if (wanted && !wanted.some((id) => event.segmentIds.includes(id))) continue;
    if (heldOutOfCampaign(campaign, event.customerId)) continue;
    outcomes.push(...(await countPurchase(trx, campaign, event)));
  }
  return outcomes;
}

async function countPurchase(
  trx: Db,
  campaign: CampaignDefinition,
  event: CommittedPurchase,
): Promise<GrantOutcome[]> {
  const { customerId } = event;
  const referrer = campaign.rule.kind === 'referral' ? await referrerOf(trx, customerId) : null;
  if (campaign.rule.kind === 'referral' && !referrer) return [];
  if (campaign.rule.kind === 'first_purchase' && (await boughtBefore(trx, event))) return [];
  const counted = await addProgress(trx, campaign.id, event);
  if (counted < purchaseTarget(campaign.rule)) return [];
  const occasion = {
    campaign,
    progressCustomerId: customerId,
    earnedAt: event.businessAt,
    now: event.now,
  };
  const outcomes = [
    await grantCampaignReward(trx, {
      ...occasion,
      customerId,
      occurrence: referrer ? 'referred' : 'once',
    }),
  ];
  if (referrer)
    outcomes.push(
      await grantCampaignReward(trx, {
        ...occasion,
        customerId: referrer,
        occurrence: `friend:${customerId}`,
      }),
    );
  return outcomes;
}

/**
 * Adds the purchase to the customer's progress in one statement, the row locked (created when
 * new) for the rest of the transaction; answers how many purchases count so far (the count, not
 * the list: a customer buying daily would carry hundreds of ids back on every commit). The
 * purchase is new, so it was never counted before.
 */
async function addProgress(trx: Db, campaignId: string, event: CommittedPurchase): Promise<number> {
  // A template, not a builder: a commit sends it per campaign (building the upsert cost more).
  const { rows } = await sql<{ counted: number }>`
    INSERT INTO campaign_progress (campaign_id, customer_id, purchase_ids, updated_at)
    VALUES (${campaignId}, ${event.customerId}, ${[event.purchaseId]}, ${new Date(event.now)})
    ON CONFLICT (campaign_id, customer_id) DO UPDATE SET
      purchase_ids = campaign_progress.purchase_ids || excluded.purchase_ids,
      updated_at = excluded.updated_at
    RETURNING cardinality(purchase_ids) AS counted`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error('campaign progress: the upsert answered no row');
  return Number(row.counted);
}

// "First purchase" is the customer's first ever: any other kept purchase before it rules it out.
async function boughtBefore(
  trx: Db,
  event: { customerId: string; purchaseId: string; businessAt: EpochMs },
): Promise<boolean> {
  const row = await trx
    .selectFrom('purchases')
    .select('id')
    .where('customer_id', '=', event.customerId)
    .where('id', '!=', event.purchaseId)
    .where('cancelled', '=', false)
    .where('business_at', '<=', new Date(event.businessAt))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

async function saveProgress(
  trx: Db,
  campaignId: string,
  customerId: string,
  ids: string[],
  now: EpochMs,
): Promise<void> {
  await trx
    .updateTable('campaign_progress')
    .set({ purchase_ids: ids, updated_at: new Date(now) })
    .where('campaign_id', '=', campaignId)
    .where('customer_id', '=', customerId)
    .execute();
}

/**
 * The return hook: call it in the return's (or cancel's) transaction after the return is
 * written. A purchase that no longer qualifies (cancelled, wholly returned, or under the
 * minimum net of refunds) leaves the progress of every campaign it counted for, paused or
 * archived campaigns included; a campaign no longer complete has its rewards taken back
 * ({@link revokeProgressRewards}). Answers the revoked operation ids.
 */
export async function onPurchaseReturned(
  trx: Db,
  event: { customerId: string; purchaseId: string; now: EpochMs },
): Promise<string[]> {
  const rows = await trx
    .selectFrom('campaign_progress as p')
    .innerJoin('campaigns as c', 'c.id', 'p.campaign_id')
    .select(['p.campaign_id', 'p.purchase_ids', 'c.definition'])
    .where('p.customer_id', '=', event.customerId)
    .orderBy('p.campaign_id')
    .forUpdate('p')
    .execute();
  const facts = await purchaseFacts(trx, event.purchaseId);
  const revoked: string[] = [];
  for (const row of rows) {
    const campaign = row.definition as CampaignDefinition;
    if (!row.purchase_ids.includes(event.purchaseId)) continue;
    if (purchaseQualifies(campaign.rule, facts)) continue;
    const ids = row.purchase_ids.filter((id) => id !== event.purchaseId);
    await saveProgress(trx, campaign.id, event.customerId, ids, event.now);
    if (ids.length >= purchaseTarget(campaign.rule)) continue;
    revoked.push(
      ...(await revokeProgressRewards(trx, {
        campaignId: campaign.id,
        progressCustomerId: event.customerId,
        purchaseId: event.purchaseId,
        now: event.now,
      })),
    );
  }
  return revoked;
}
