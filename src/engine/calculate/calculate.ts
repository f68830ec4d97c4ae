import { eligibilityOfAll } from '../eligibility/check-eligibility.ts';
import { evaluationEnv } from '../eligibility/evaluation-env.ts';
import { clearLineDiscounts } from '../mechanics/line-discounts.ts';
import type { Calculation } from '../model/calculation.ts';
import type { Cart } from '../model/cart.ts';
import type { CalculationContext } from '../model/context.ts';
import { amountTooLarge, calculationAmountProblems, cartAmountProblems } from '../money/bounds.ts';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import type { CompiledPromotion, Ruleset } from '../ruleset/compile-ruleset.ts';
import { candidatesFor } from '../ruleset/line-index.ts';
import { buildCalculation } from './build-calculation.ts';
import { EvaluationInput } from './evaluation-input.ts';
import { roundTotalDown } from './round-total.ts';
import { runStacking } from './run-stacking.ts';
import { startRun } from './run-state.ts';

/**
 * Applies a ruleset's promotions to a cart at `context.now`. Pure and deterministic: the same
 * input gives a byte-identical result. Amounts are integer kopecks, points integers. Throws only
 * for a malformed `now` or time zone (the caller validates input), and a Perk error (422
 * `amount_too_large`) when a line or the cart comes to more than the domain bounds allow, or the
 * result would (checked once here, so the loops inside stay plain arithmetic).
 */
export function calculate(cart: Cart, context: CalculationContext, ruleset: Ruleset): Calculation {
  const cartTooLarge = cartAmountProblems(cart.lines);
  if (cartTooLarge.length > 0) throw amountTooLarge(cartTooLarge);
  const env = evaluationEnv(context);
  clearLineDiscounts();
  const { frame, state } = startRun(cart, ruleset.settings);
  const couponPromotions = context.couponCodes.flatMap((entry) =>
    entry.promotionId === undefined ? [] : [entry.promotionId],
  );
  // The running lines' uniform copies, not the cart's own: lines of many shapes make every
  // field read in the index look-up slow.
  const uniformCart = { lines: state.lines.map((s) => s.line) };
  const { ordinals, words, hitBits } = candidatesFor(ruleset, uniformCart, couponPromotions);
  // `explain: 'ruleset'` answers for every promotion of the ruleset, those no line of the cart
  // touches too ("no product in the cart qualifies", or the eligibility refusal that comes
  // first); they have no lines to discount, so prices and points stay as with the index's
  // candidates. The promotions are in application order, as the index's candidates are.
  const candidates =
    context.explain === 'ruleset'
      ? ruleset.promotions
      : ordinals.map((ordinal) => ruleset.promotions[ordinal] as CompiledPromotion);
  const input = new EvaluationInput<PromotionDefinition['mechanic']>(
    context,
    {
      pointValueMinor: context.pointValueMinor,
      manualDiscountLimitsBp: ruleset.settings.manualDiscountLimitsBp,
    },
    ruleset.index,
    hitBits,
    words,
  );
  const result = runStacking(candidates, state, {
    env,
    eligibility: eligibilityOfAll(candidates, env),
    frame,
    ruleset,
    input,
  });
  // Check rounding comes last, on what the promotions left; off (the usual case), no work at all.
  const stepMinor = ruleset.settings.roundTotalDownToMinor ?? 0;
  const rounding = stepMinor > 1 ? roundTotalDown(result.state, frame, stepMinor) : null;
  const calculation = buildCalculation(
    result.state,
    candidates,
    result.evaluations,
    env,
    ruleset.version,
    rounding,
  );
  const resultTooLarge = calculationAmountProblems(calculation);
  if (resultTooLarge.length > 0) throw amountTooLarge(resultTooLarge);
  return calculation;
}
