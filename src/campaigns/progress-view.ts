import type { Db } from '../store/database.ts';
import { heldOutOfCampaign } from './campaign-holdout.ts';
import type { CampaignDefinition } from './campaign-schema.ts';
import { activeCampaigns } from './campaigns.ts';
import { purchaseTarget } from './purchase-facts.ts';

/** One purchase-driven campaign as the customer stands in it. */
export interface CampaignProgressView {
  campaignId: string;
  name: string;
  kind: string;
  done: number;
  target: number;
  rewarded: boolean;
  /** In the campaign's control group: purchases make no progress, and the text says why. */
  heldOut: boolean;
  text: { ru: string; en: string };
}

const HELD_OUT_TEXT = {
  ru: 'Контрольная группа: покупки не засчитываются',
  en: 'held out: control group, purchases do not count',
};

/** "2 из 3 покупок": after «из N» the noun takes the genitive, singular only for 1, 21, 31… */
export function progressText(done: number, target: number): { ru: string; en: string } {
  const singular = target % 10 === 1 && target % 100 !== 11;
  return {
    ru: `${done} из ${target} ${singular ? 'покупки' : 'покупок'}`,
    en: `${done} of ${target} ${target === 1 ? 'purchase' : 'purchases'}`,
  };
}

/**
 * The customer's progress in every active purchase-driven campaign: purchases counted (capped
 * at the target) and whether the reward is held now.
 */
export async function customerProgress(
  db: Db,
  customerId: string,
): Promise<CampaignProgressView[]> {
  const campaigns = await activeCampaigns(db, ['purchase_count', 'first_purchase', 'referral']);
  const progress = await db
    .selectFrom('campaign_progress')
    .select(['campaign_id', 'purchase_ids'])
    .where('customer_id', '=', customerId)
    .execute();
  const rewards = await db
    .selectFrom('campaign_rewards')
    .select('campaign_id')
    .where('customer_id', '=', customerId)
    .where('revoked_at', 'is', null)
    .execute();
  return campaigns.map((campaign: CampaignDefinition) => {
    const target = purchaseTarget(campaign.rule);
    const counted = progress.find((row) => row.campaign_id === campaign.id)?.purchase_ids ?? [];
    const done = Math.min(counted.length, target);
    const heldOut = heldOutOfCampaign(campaign, customerId);
    return {
      campaignId: campaign.id,
      name: campaign.name,
      kind: campaign.rule.kind,
      done,
      target,
      rewarded: rewards.some((row) => row.campaign_id === campaign.id),
      heldOut,
      text: heldOut ? HELD_OUT_TEXT : progressText(done, target),
    };
  });
}
