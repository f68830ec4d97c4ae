import { dayMs } from '../../calendar/day-number.ts';
import type { EvaluationEnv } from '../eligibility/evaluation-env.ts';
import type { ReasonCode } from '../explain/reason.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import type { Evaluation } from './evaluate-promotion.ts';

/**
 * Refusals found before the cart is looked at that may mean the promotion is not about this check
 * at all. Any later refusal (audience, coupon, limits, the cart itself) was met by a promotion
 * that passed its store, channel and dates, so it concerns this check. (Compared one by one: codes
 * are interned strings, and this runs for every candidate.)
 */
function mayBeOffCheck(code: ReasonCode): boolean {
  return (
    code === 'not_active' ||
    code === 'outside_validity' ||
    code === 'outside_schedule' ||
    code === 'wrong_channel' ||
    code === 'wrong_store'
  );
}

/**
 * Which considered promotions a calculation explains. `all` and `ruleset`: every one. `relevant` (the default):
 * those that could concern this check — applied, or refused for a reason of this check — leaving
 * out promotions of other stores or channels, not running, or not valid on the store's local day
 * (dates or weekdays); a promotion valid today outside its hours stays ("from 10:00"). A promotion
 * whose coupon code was entered always stays, so the coupon's refusal is explained. The answer
 * then grows with what a store runs, not with the chain.
 */
export function explainedPositions(
  candidates: readonly CompiledPromotion[],
  evaluations: readonly Evaluation[],
  env: EvaluationEnv,
): readonly number[] | null {
  const { explain } = env.context;
  if (explain === 'all' || explain === 'ruleset') return null;
  // Null until a promotion is left out: most checks of a single store keep every one.
  let kept: number[] | null = null;
  for (let k = 0; k < evaluations.length; k += 1) {
    const evaluation = evaluations[k] as Evaluation;
    const keep =
      evaluation.applied ||
      !mayBeOffCheck(evaluation.reason.code) ||
      concernsThisCheck(candidates[k] as CompiledPromotion, env);
    if (keep) kept?.push(k);
    else if (kept === null) kept = Array.from({ length: k }, (_, j) => j);
  }
  return kept;
}

function concernsThisCheck(promotion: CompiledPromotion, env: EvaluationEnv): boolean {
  const { definition } = promotion;
  const { store, couponCodes } = env.context;
  for (const entry of couponCodes) if (entry.promotionId === definition.id) return true;
  if (definition.status !== 'active') return false;
  if (definition.channels !== undefined && !definition.channels.includes(store.channel)) {
    return false;
  }
  if (definition.storeIds !== undefined && !definition.storeIds.includes(store.id)) return false;
  return validOnLocalDay(promotion, env);
}

/** Whether the promotion's dates and weekdays include the store's local day of the check. */
function validOnLocalDay(promotion: CompiledPromotion, env: EvaluationEnv): boolean {
  const local = env.localTime();
  if (promotion.days !== null && !promotion.days.has(local.isoDay)) return false;
  if (promotion.localDates) {
    return local.day >= promotion.validFromDay && local.day <= promotion.validToDay;
  }
  // The local day's bounds from the wall clock: exact but for a day a clock change shortens or
  // lengthens, where an hour's difference only keeps or drops an explanation.
  const dayStartMs = Math.floor(env.nowMs / 60_000) * 60_000 - local.minutes * 60_000;
  return promotion.validFromMs < dayStartMs + dayMs && promotion.validToMs > dayStartMs;
}
