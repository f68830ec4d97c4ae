import { dateOfDay } from '../../calendar/day-number.ts';
import { type Reason, reason } from '../explain/reason.ts';
import type { CalculationContext, CouponEntry } from '../model/context.ts';
import type { Audience } from '../promotion/promotion-schema.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import type { EvaluationEnv } from './evaluation-env.ts';

/**
 * Whether a promotion may apply to this purchase at all, before looking at the cart: status,
 * period, schedule (store's local time), channel, store, audience, control group, coupon and use
 * limits.
 * Returns the first reason it may not, or null.
 */
export function checkEligibility(promotion: CompiledPromotion, env: EvaluationEnv): Reason | null {
  const { definition } = promotion;
  const { context } = env;
  if (definition.status !== 'active') return reason('not_active', { status: definition.status });
  if (env.nowMs < promotion.validFromMs || env.nowMs >= promotion.validToMs) {
    return reason('outside_validity');
  }
  if (promotion.localDates) {
    const reasonByDate = localValidityReason(promotion, env);
    if (reasonByDate !== null) return reasonByDate;
  }
  if (!inSchedule(promotion, env)) return reason('outside_schedule');
  if (definition.channels !== undefined && !definition.channels.includes(context.store.channel)) {
    return reason('wrong_channel', { channel: context.store.channel });
  }
  if (definition.storeIds !== undefined && !definition.storeIds.includes(context.store.id)) {
    return reason('wrong_store', { storeId: context.store.id });
  }
  return (
    audienceReason(definition.audience, env) ??
    holdoutReason(promotion, context) ??
    couponReason(promotion, context) ??
    usageReason(promotion, context)
  );
}

/**
 * Validity by local dates, read in the store's zone: 1 February starts at 00:00 on 1 February in
 * Vladivostok and in Moscow, each locally. Explained with the dates and the store's local date.
 */
function localValidityReason(promotion: CompiledPromotion, env: EvaluationEnv): Reason | null {
  const { day } = env.localTime();
  if (day >= promotion.validFromDay && day <= promotion.validToDay) return null;
  const { validFromDate, validToDate } = promotion.definition;
  return reason('outside_validity', {
    ...(validFromDate === undefined ? {} : { validFromDate }),
    ...(validToDate === undefined ? {} : { validToDate }),
    localDate: dateOfDay(day),
  });
}

function inSchedule(promotion: CompiledPromotion, env: EvaluationEnv): boolean {
  if (promotion.days === null && promotion.windows === null) return true;
  const local = env.localTime();
  if (promotion.days !== null && !promotion.days.has(local.isoDay)) return false;
  if (promotion.windows === null) return true;
  // Loops rather than callbacks here and below: no closure per check of every candidate.
  for (const w of promotion.windows)
    if (local.minutes >= w.from && local.minutes < w.to) return true;
  return false;
}

function anyIn(ids: readonly string[], segments: ReadonlySet<string>): boolean {
  for (const id of ids) if (segments.has(id)) return true;
  return false;
}

function audienceReason(audience: Audience | undefined, env: EvaluationEnv): Reason | null {
  if (audience === undefined) return null;
  const { customer } = env.context;
  if (customer === null) {
    const targeted = audience.segmentIds !== undefined || audience.tierIds !== undefined;
    return audience.anonymousAllowed && !targeted ? null : reason('anonymous_not_allowed');
  }
  const segments = env.segments();
  if (audience.excludedSegmentIds !== undefined && anyIn(audience.excludedSegmentIds, segments)) {
    return reason('excluded_segment');
  }
  if (audience.segmentIds !== undefined && !anyIn(audience.segmentIds, segments)) {
    return reason('not_in_segment');
  }
  if (audience.tierIds !== undefined && !audience.tierIds.includes(customer.tierId ?? '')) {
    return reason('wrong_tier');
  }
  return null;
}

/**
 * A customer of the audience whom the promotion's control group holds out: never an anonymous
 * cart (nobody to compare), and only while the promotion holds a share out, so a stale id list
 * cannot keep a customer out of a promotion that dropped its control group.
 */
function holdoutReason(promotion: CompiledPromotion, context: CalculationContext): Reason | null {
  const { holdoutShareBp, id } = promotion.definition;
  const heldOut = context.customer?.heldOutPromotionIds;
  if (!holdoutShareBp || heldOut === undefined || !heldOut.includes(id)) return null;
  return reason('held_out', { shareBp: holdoutShareBp });
}

function couponReason(promotion: CompiledPromotion, context: CalculationContext): Reason | null {
  if (promotion.definition.couponRequired !== true) return null;
  const id = promotion.definition.id;
  // A loop, not filter/find: this runs for every coupon promotion a cart touches.
  let refused: CouponEntry | undefined;
  for (const entry of context.couponCodes) {
    if (entry.promotionId !== id) continue;
    if (entry.valid) return null;
    refused ??= entry;
  }
  if (refused !== undefined && !refused.valid) {
    return reason('coupon_invalid', { code: refused.code, reason: refused.reason });
  }
  return reason('coupon_required');
}

function usageReason(promotion: CompiledPromotion, context: CalculationContext): Reason | null {
  const limits = promotion.definition.limits;
  if (limits === undefined) return null;
  const usage = context.usage[promotion.definition.id];
  if (usage === undefined) return null;
  if (limits.totalUses !== undefined && usage.totalUses >= limits.totalUses) {
    return reason('limit_reached', { limit: limits.totalUses, scope: 'total' });
  }
  const perCustomer = limits.perCustomerUses;
  if (perCustomer !== undefined && context.customer !== null && usage.customerUses >= perCustomer) {
    return reason('limit_reached', { limit: perCustomer, scope: 'customer' });
  }
  return null;
}

/** The valid coupon code entered for a promotion, if any (reported with the applied promotion). */
export function couponCodeFor(promotionId: string, context: CalculationContext): string | null {
  const entry = context.couponCodes.find((e) => e.valid && e.promotionId === promotionId);
  return entry?.code ?? null;
}

/**
 * Eligibility reads only the promotion and the context, so it is settled for every candidate in
 * one pass before any is evaluated: the reads of many promotions' data then overlap in memory
 * instead of each evaluation waiting for its own, and the data is at hand when it is evaluated.
 */
export function eligibilityOfAll(
  candidates: readonly CompiledPromotion[],
  env: EvaluationEnv,
): (Reason | null)[] {
  const eligibility = new Array<Reason | null>(candidates.length);
  for (let k = 0; k < candidates.length; k += 1) {
    eligibility[k] = checkEligibility(candidates[k] as CompiledPromotion, env);
  }
  return eligibility;
}
