import { systemActor } from '../access/actor.ts';
import type { EpochMs } from '../calendar/day-number.ts';
import { issueCoupon } from '../coupons/issue-coupon.ts';
import { conflict } from '../errors.ts';
import { grantBonus } from '../points/grant-bonus.ts';
import type { Db } from '../store/database.ts';
import { getTierProgram } from '../tiers/tier-program-store.ts';
import { tierRank } from '../tiers/tier-rules.ts';
import { lockTierState, moveTier } from '../tiers/tier-state.ts';
import type { CampaignDefinition, CampaignReward } from './campaign-schema.ts';

/** What was actually handed over, kept on the reward row (a coupon's code, the points). */
export type GivenReward =
  | { kind: 'points'; points: number }
  | { kind: 'coupon'; seriesId: string; code: string }
  | { kind: 'tier'; tierId: string; fromTierId: string | null };

/**
 * Hands a reward over in the caller's transaction under `operationId` (idempotent for points).
 * Throws the owning module's refusal (`coupon_series_not_found`, `manual_tiers_required`, …)
 * before it writes anything, so the caller may record the refusal and go on.
 */
export async function giveReward(
  trx: Db,
  input: {
    campaign: CampaignDefinition;
    reward: CampaignReward;
    customerId: string;
    operationId: string;
    earnedAt: EpochMs;
    now: EpochMs;
  },
): Promise<GivenReward> {
  const { campaign, reward, customerId, now } = input;
  if (reward.kind === 'points') {
    await grantBonus(trx, {
      operationId: input.operationId,
      customerId,
      kind: campaign.rule.kind === 'registration' ? 'welcome_bonus' : 'campaign_bonus',
      points: reward.points,
      reason: `campaign:${campaign.id}`,
      earnedAt: input.earnedAt,
      ...(reward.pendingDays === undefined ? {} : { pendingDays: reward.pendingDays }),
      ...(reward.expiry === undefined ? {} : { expiry: reward.expiry }),
      now,
    });
    return { kind: 'points', points: reward.points };
  }
  if (reward.kind === 'coupon') {
    const issued = await issueCoupon(trx, systemActor, {
      seriesId: reward.seriesId,
      customerId,
      now: new Date(now),
    });
    return { kind: 'coupon', seriesId: reward.seriesId, code: issued.code };
  }
  return moveToTier(trx, campaign.id, customerId, reward.tierId, now);
}

// The tier module's manual move opens its own transaction; a reward must land in the caller's,
// so the move is made here with the same building blocks and recorded as `manual` by the campaign.
async function moveToTier(
  trx: Db,
  campaignId: string,
  customerId: string,
  tierId: string,
  now: EpochMs,
): Promise<GivenReward> {
  const program = (await getTierProgram(trx))?.program;
  if (!program || program.autoTransition)
    throw conflict('manual_tiers_required', 'Tier rewards need manual tiers', '/reward/tierId');
  const toRank = tierRank(program, tierId);
  const target = program.tiers[toRank];
  if (!target) throw conflict('unknown_tier', `No tier "${tierId}"`, '/reward/tierId');
  const state = await lockTierState(trx, program, customerId, now);
  if (state.tierId !== tierId) {
    await moveTier(trx, {
      customerId,
      from: state.tierId,
      to: tierId,
      at: now,
      now,
      reason: 'manual',
      metric: 0,
      actorName: `campaign ${campaignId}`,
      welcomeTiers: toRank > tierRank(program, state.tierId) ? [target] : [],
    });
  }
  return { kind: 'tier', tierId, fromTierId: state.tierId };
}
