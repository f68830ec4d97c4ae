import { checkCartConditions } from '../eligibility/cart-conditions.ts';
import { couponCodeFor } from '../eligibility/check-eligibility.ts';
import type { EvaluationEnv } from '../eligibility/evaluation-env.ts';
import { type Reason, reason } from '../explain/reason.ts';
import { amountAt } from '../mechanics/line-discounts.ts';
import type { GiftGrant, LinePoints, MechanicReward } from '../mechanics/mechanic.ts';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import type { CompiledPromotion, Ruleset } from '../ruleset/compile-ruleset.ts';
import { capDiscounts, fittingTotal } from './apply-caps.ts';
import type { EvaluationInput } from './evaluation-input.ts';
import type { AppliedEffect, CartFrame, Note, RunState } from './run-state.ts';

/** Why a promotion did not apply, with the partial caps met on the way. */
export interface Refusal {
  readonly applied: false;
  readonly reason: Reason;
  readonly notes: readonly Note[];
}

export type Evaluation = AppliedEffect | Refusal;

export interface Evaluator {
  readonly env: EvaluationEnv;
  /** Each candidate's eligibility (null: eligible), by candidate position (see `runStacking`). */
  readonly eligibility: readonly (Reason | null)[];
  readonly frame: CartFrame;
  readonly ruleset: Ruleset;
  /** Re-aimed at each evaluation (see `EvaluationInput`). */
  readonly input: EvaluationInput<PromotionDefinition['mechanic']>;
}

// Read-only by type, not frozen (frozen arrays slow the loops that also see plain ones).
const NO_NOTES: readonly Note[] = [];

// Refusals for a reason without params and notes are the same in every calculation (most
// refusals are such), so one object per reason serves them all.
const plainRefusals = new Map<Reason, Refusal>();

export function refused(why: Reason, notes: readonly Note[] = NO_NOTES): Refusal {
  if (notes.length > 0 || !Object.isFrozen(why)) return { applied: false, reason: why, notes };
  let shared = plainRefusals.get(why);
  if (shared === undefined) {
    shared = Object.freeze({ applied: false, reason: why, notes: NO_NOTES });
    plainRefusals.set(why, shared);
  }
  return shared;
}

/**
 * Evaluates the candidate at `position` on the running cart: eligibility, cart conditions, the
 * mechanic, the caps and the budget. Pure: the running cart is not changed (`observed`, when
 * given, collects the lines read; see `EvaluationInput`).
 */
export function evaluatePromotion(
  promotion: CompiledPromotion,
  position: number,
  run: RunState,
  evaluator: Evaluator,
  observed: number[] | null = null,
): Evaluation {
  const { definition, mechanic } = promotion;
  const { env, frame } = evaluator;
  const eligibility = evaluator.eligibility[position] ?? null;
  if (eligibility !== null) return refused(eligibility);
  const input = evaluator.input.prepare(
    definition.mechanic,
    promotion.limits,
    run.lines,
    promotion.indexScope,
    promotion.indexMatcher,
    promotion.ordinal,
    observed,
  );
  const blocked = checkCartConditions(definition.conditions, input);
  if (blocked !== null) return refused(blocked);
  const outcome = mechanic.apply(input);
  if (!outcome.applied) return refused(outcome.reason);
  // The mechanic's own discounts, unless they need capping (see `fittingTotal`).
  let from = outcome.discountsFrom;
  let to = outcome.discountsTo;
  let notes: readonly Note[] = NO_NOTES;
  let discountMinor = fittingTotal(outcome, run);
  if (discountMinor < 0) {
    const capped = capDiscounts(outcome, run, frame);
    from = capped.from;
    to = capped.to;
    notes = capped.notes;
    discountMinor = 0;
    for (let e = from; e < to; e += 1) discountMinor += amountAt(e);
  }
  if (from === to && outcome.points.length === 0 && outcome.gifts.length === 0) {
    return refused(notes[0] ?? reason('no_benefit'), notes);
  }
  const overBudget = budgetReason(promotion, env, discountMinor, outcome.points, outcome.gifts);
  if (overBudget !== null) return refused(overBudget, notes);
  return effectOf(promotion, outcome, from, to, discountMinor, notes, evaluator);
}

/** The applied effect of discounts `from..to` (see line-discounts.ts), which total `discountMinor`. */
function effectOf(
  promotion: CompiledPromotion,
  outcome: MechanicReward,
  from: number,
  to: number,
  discountMinor: number,
  notes: readonly Note[],
  evaluator: Evaluator,
): AppliedEffect {
  const { context } = evaluator.env;
  return {
    applied: true,
    promotion,
    discountsFrom: from,
    discountsTo: to,
    points: outcome.points,
    gifts: outcome.gifts,
    notes,
    hint: outcome.hint,
    couponCode:
      context.couponCodes.length === 0 ? null : couponCodeFor(promotion.definition.id, context),
    discountMinor,
    valueMinor:
      discountMinor +
      giftsCostMinor(outcome.gifts) +
      pointsOf(outcome.points) * evaluator.input.settings.pointValueMinor,
  };
}

/** The gifts' price reductions. */
export function giftsCostMinor(gifts: readonly GiftGrant[]): number {
  let costMinor = 0;
  for (const g of gifts) costMinor += (g.regularPriceMinor - g.priceMinor) * g.quantity;
  return costMinor;
}

export function pointsOf(points: readonly LinePoints[]): number {
  let total = 0;
  for (const p of points) total += p.points;
  return total;
}

/** All or nothing: a promotion that would overspend its remaining budget does not apply. */
function budgetReason(
  promotion: CompiledPromotion,
  env: EvaluationEnv,
  discountMinor: number,
  points: readonly LinePoints[],
  gifts: readonly GiftGrant[],
): Reason | null {
  const { id, limits } = promotion.definition;
  // Usually no promotion of the cart has counters: then no look-up by id at all.
  const usage = env.hasUsage ? env.context.usage[id] : undefined;
  if (usage === undefined && limits === undefined) return null;
  const moneyLeft = usage === undefined ? limits?.budgetMinor : usage.budgetRemainingMinor;
  const pointsLeft = usage === undefined ? limits?.budgetPoints : usage.budgetRemainingPoints;
  if (moneyLeft == null && pointsLeft == null) return null;
  const moneyCost = discountMinor + giftsCostMinor(gifts);
  if (moneyLeft != null && moneyCost > moneyLeft) {
    return reason('budget_exhausted', { remainingMinor: moneyLeft, neededMinor: moneyCost });
  }
  const pointsCost = pointsOf(points);
  if (pointsLeft != null && pointsCost > pointsLeft) {
    return reason('budget_exhausted', { remainingPoints: pointsLeft, neededPoints: pointsCost });
  }
  return null;
}
