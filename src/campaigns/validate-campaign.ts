import { isCalendarDate } from '../calendar/day-number.ts';
import { ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { getTierProgram } from '../tiers/tier-program-store.ts';
import type { CampaignDefinition } from './campaign-schema.ts';

/** Kinds that give nothing themselves: an abandoned cart only produces an event for mailing. */
const eventOnly = new Set(['abandoned_cart']);
/** Kinds a customer makes progress in by purchases: the ones a control group can hold back. */
const purchaseDriven = new Set(['purchase_count', 'first_purchase', 'referral']);

/**
 * Checks what the schema cannot: real dates in order, a reward exactly when the kind gives one,
 * the coupon series, tier and segments existing. Refuses once with every problem
 * (`validation_failed`, or the single problem's code): `invalid_date`, `period_reversed`,
 * `reward_required`, `reward_not_allowed`, `unknown_coupon_series`, `unknown_tier`,
 * `manual_tiers_required`, `unknown_segment`, `holdout_not_supported`.
 */
export async function checkCampaign(db: Db, campaign: CampaignDefinition): Promise<void> {
  const problems = new ProblemCollector();
  const { from, to } = campaign.period;
  for (const [field, date] of [
    ['/period/from', from],
    ['/period/to', to],
  ] as const) {
    if (!isCalendarDate(date))
      problems.add(field, 'invalid_date', `${date} is not a calendar date`);
  }
  if (from > to) problems.add('/period/to', 'period_reversed', 'The period ends before it starts');
  const { reward } = campaign;
  if (eventOnly.has(campaign.rule.kind) && reward !== null)
    problems.add('/reward', 'reward_not_allowed', 'An abandoned-cart campaign only emits an event');
  if (!eventOnly.has(campaign.rule.kind) && reward === null)
    problems.add('/reward', 'reward_required', 'This kind of campaign needs a reward');
  if (reward?.kind === 'coupon') {
    const series = await db
      .selectFrom('coupon_series')
      .select('id')
      .where('id', '=', reward.seriesId)
      .executeTakeFirst();
    if (!series)
      problems.add('/reward/seriesId', 'unknown_coupon_series', `No series "${reward.seriesId}"`);
  }
  if ((campaign.holdoutShareBp ?? 0) > 0 && !purchaseDriven.has(campaign.rule.kind))
    problems.add(
      '/holdoutShareBp',
      'holdout_not_supported',
      'A control group holds back progress by purchases: purchase_count, first_purchase, referral',
    );
  if (reward?.kind === 'tier') await checkTier(db, reward.tierId, problems);
  for (const [index, segmentId] of (campaign.audience?.segmentIds ?? []).entries()) {
    const segment = await db
      .selectFrom('segments')
      .select('id')
      .where('id', '=', segmentId)
      .executeTakeFirst();
    if (!segment)
      problems.add(`/audience/segmentIds/${index}`, 'unknown_segment', `No segment "${segmentId}"`);
  }
  problems.throwIfAny();
}

// A campaign may only move customers between tiers when the rules do not: with auto-transition
// on, the next purchase would move the customer straight back.
async function checkTier(db: Db, tierId: string, problems: ProblemCollector): Promise<void> {
  const program = (await getTierProgram(db))?.program;
  if (!program?.tiers.some((tier) => tier.id === tierId))
    problems.add('/reward/tierId', 'unknown_tier', `No tier "${tierId}"`);
  else if (program.autoTransition)
    problems.add('/reward/tierId', 'manual_tiers_required', 'Tier rewards need manual tiers');
}
