import { sql } from 'kysely';
import { conflict, notFound } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import type { CampaignDefinition } from './campaign-schema.ts';
import { campaignDay, capPeriodKey, inAudience, inPeriod } from './campaign-window.ts';
import { activeCampaigns } from './campaigns.ts';
import { type GrantOutcome, grantCampaignReward } from './grant-reward.ts';

/** A non-purchase action reported by a channel ("joined_group", "shared_post"). */
export interface ActionReport {
  type: string;
  /** The reporter's id of the action: reporting it again answers the first result. */
  actionId: string;
  /** When it happened (ISO); now when absent. */
  at?: string;
}

/** What the action earned, campaign by campaign. */
export interface ActionResult {
  actionId: string;
  type: string;
  at: string;
  rewards: GrantOutcome[];
}

/**
 * Records an action and rewards it under every active `action` campaign of its type whose
 * period holds its date and whose audience holds the customer, up to the campaign's cap per
 * period (`cap_reached` once reached; periods are local days, Monday weeks, months or the whole
 * campaign, in the programme zone). Idempotent by (customer, actionId): a repeat answers the
 * first result with `replayed: true`. Refusals: `customer_not_found` (404), `action_conflict`
 * (409: the id was used for another type).
 */
export async function reportAction(
  db: Db,
  customerId: string,
  report: ActionReport,
  now: Date,
): Promise<ActionResult & { replayed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const customer = await trx
      .selectFrom('customers')
      .select('id')
      .where('id', '=', customerId)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    if (!customer) throw notFound('customer_not_found', `No customer "${customerId}"`, '/id');
    // One customer's actions are counted one at a time, so two at once cannot both pass a cap.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`campaign-actions:${customerId}`}))`.execute(
      trx,
    );
    const earlier = await trx
      .selectFrom('customer_actions')
      .select(['type', 'response'])
      .where('customer_id', '=', customerId)
      .where('action_id', '=', report.actionId)
      .executeTakeFirst();
    if (earlier) {
      if (earlier.type !== report.type)
        throw conflict('action_conflict', `Action "${report.actionId}" was another type`, '/type');
      return { ...(earlier.response as ActionResult), replayed: true };
    }
    const at = report.at ?? now.toISOString();
    const rewards = await rewardAction(trx, customerId, { ...report, at }, now.getTime());
    const result: ActionResult = { actionId: report.actionId, type: report.type, at, rewards };
    await trx
      .insertInto('customer_actions')
      .values({
        customer_id: customerId,
        action_id: report.actionId,
        type: report.type,
        at,
        response: JSON.stringify(result),
      })
      .execute();
    return { ...result, replayed: false };
  });
}

async function rewardAction(
  trx: Db,
  customerId: string,
  report: ActionReport & { at: string },
  now: number,
): Promise<GrantOutcome[]> {
  const campaigns = (await activeCampaigns(trx, ['action'])).filter(
    (c) => c.rule.kind === 'action' && c.rule.actionType === report.type,
  );
  if (campaigns.length === 0) return [];
  const { timeZone } = await getProgramSettings(trx);
  const earnedAt = Date.parse(report.at);
  const day = campaignDay(earnedAt, timeZone);
  const outcomes: GrantOutcome[] = [];
  for (const campaign of campaigns) {
    if (!inPeriod(campaign, day) || !(await inAudience(trx, campaign, customerId))) continue;
    outcomes.push(
      await rewardUnderCap(trx, campaign, customerId, { ...report, day, earnedAt, now }),
    );
  }
  return outcomes;
}

async function rewardUnderCap(
  trx: Db,
  campaign: CampaignDefinition,
  customerId: string,
  action: { actionId: string; day: string; earnedAt: number; now: number },
): Promise<GrantOutcome> {
  if (campaign.rule.kind !== 'action') throw new Error('an action campaign was expected');
  const periodKey = capPeriodKey(campaign.rule.capPeriod, action.day);
  const given = await trx
    .selectFrom('campaign_rewards')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('campaign_id', '=', campaign.id)
    .where('customer_id', '=', customerId)
    .where('period_key', '=', periodKey)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (given.n >= campaign.rule.capPerPeriod)
    return { campaignId: campaign.id, granted: false, reason: 'cap_reached' };
  return grantCampaignReward(trx, {
    campaign,
    customerId,
    occurrence: `action:${action.actionId}`,
    periodKey,
    earnedAt: action.earnedAt,
    now: action.now,
  });
}
