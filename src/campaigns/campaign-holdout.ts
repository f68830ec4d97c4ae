import { isHeldOut } from '../promotions/holdout.ts';
import type { CampaignDefinition } from './campaign-schema.ts';

/**
 * Whether the campaign's control group holds the customer out: the promotions' hash over
 * `campaign:<id>`, so a campaign and a promotion of the same id draw independent groups.
 */
export function heldOutOfCampaign(campaign: CampaignDefinition, customerId: string): boolean {
  return isHeldOut(`campaign:${campaign.id}`, customerId, campaign.holdoutShareBp ?? 0);
}
