import type { EvaluationEnv } from '../eligibility/evaluation-env.ts';
import { appliedText, type LocalizedText, roundingText } from '../explain/messages.ts';
import type { GiftGrant } from '../mechanics/mechanic.ts';
import type {
  AppliedPromotion,
  CalculatedLine,
  Calculation,
  CouponResult,
  Explanation,
} from '../model/calculation.ts';
import type { CalculationContext } from '../model/context.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import { type Evaluation, giftsCostMinor, pointsOf } from './evaluate-promotion.ts';
import { explainedPositions } from './explanation-scope.ts';
import { explain } from './explanations.ts';
import { takingsByLine } from './line-takings.ts';
import { receiptLines } from './receipt-lines.ts';
import type { AppliedEffect, RunState } from './run-state.ts';

function giftLine(effect: AppliedEffect, gift: GiftGrant, n: number): CalculatedLine {
  const promotionId = effect.promotion.definition.id;
  const regularTotalMinor = gift.regularPriceMinor * gift.quantity;
  const discountMinor = (gift.regularPriceMinor - gift.priceMinor) * gift.quantity;
  return {
    lineId: `gift:${promotionId}:${n}`,
    sku: gift.sku,
    quantity: gift.quantity,
    quantityMilli: null,
    regularUnitPriceMinor: gift.regularPriceMinor,
    unitPriceMinor: gift.priceMinor,
    regularTotalMinor,
    totalMinor: regularTotalMinor - discountMinor,
    discountMinor,
    roundingMinor: 0,
    promotions: discountMinor > 0 ? [{ promotionId, discountMinor }] : [],
    bonusPoints: 0,
    bonusByPromotion: [],
    gift: true,
    noPointsPayment: true,
    noAccrual: true,
  };
}

function appliedPromotion(effect: AppliedEffect): AppliedPromotion {
  const { definition } = effect.promotion;
  return {
    promotionId: definition.id,
    name: definition.name,
    mechanic: definition.mechanic.kind,
    discountMinor: effect.discountMinor + giftsCostMinor(effect.gifts),
    points: pointsOf(effect.points),
    couponCode: effect.couponCode,
  };
}

function couponResults(
  context: CalculationContext,
  explanations: readonly Explanation[],
): CouponResult[] {
  return context.couponCodes.map((entry) => {
    if (!entry.valid) {
      return {
        code: entry.code,
        promotionId: entry.promotionId ?? null,
        accepted: false,
        reason: entry.reason,
      };
    }
    const explanation = explanations.find((e) => e.promotionId === entry.promotionId);
    const accepted = explanation?.applied === true;
    const why = accepted ? null : (explanation?.code ?? 'not_considered');
    return { code: entry.code, promotionId: entry.promotionId, accepted, reason: why };
  });
}

/** `applied` and `effects` run in parallel: the applied promotions and what they did. */
function receiptMessages(
  applied: readonly AppliedPromotion[],
  effects: readonly AppliedEffect[],
  explanations: readonly Explanation[],
  roundingMinor: number,
  currency: string,
): LocalizedText[] {
  const rewards = applied.map((a, k) =>
    appliedText(
      (effects[k] as AppliedEffect).promotion.receiptLabel,
      a.discountMinor,
      a.points,
      a.mechanic === 'gift',
      currency,
    ),
  );
  if (roundingMinor > 0) rewards.push(roundingText(roundingMinor, currency));
  // A loop, not flatMap: no list per explanation.
  for (const e of explanations) {
    if (e.hint !== null) rewards.push(e.hint.text);
    else if (e.code === 'threshold_not_met') rewards.push(e.text);
  }
  return rewards;
}

/**
 * Turns the final running cart into the receipt-safe, explained result. `rounding` is each input
 * line's share of the check rounding, by line index (null: none), already off its running amount.
 */
export function buildCalculation(
  state: RunState,
  candidates: readonly CompiledPromotion[],
  evaluations: readonly Evaluation[],
  env: EvaluationEnv,
  rulesetVersion: string,
  rounding: readonly number[] | null,
): Calculation {
  const { context } = env;
  const applied = state.applied;
  const takings = takingsByLine(applied, state.lines);
  // Plain loops: this runs once per calculation over every line and every applied promotion.
  const lines: CalculatedLine[] = [];
  for (const s of state.lines) {
    const roundingMinor = rounding === null ? 0 : (rounding[s.index] ?? 0);
    receiptLines(s, takings, roundingMinor, lines);
  }
  // Indexes, not `forEach`: a closure per applied promotion, for the few that give gifts.
  for (const effect of applied) {
    const { gifts } = effect;
    for (let n = 0; n < gifts.length; n += 1)
      lines.push(giftLine(effect, gifts[n] as GiftGrant, n));
  }
  const explanations = explain(
    candidates,
    evaluations,
    state,
    explainedPositions(candidates, evaluations, env),
    context.currency,
  );
  const appliedPromotions = applied.map(appliedPromotion);
  let subtotalMinor = 0;
  let totalMinor = 0;
  let roundingMinor = 0;
  let bonusPoints = 0;
  for (const l of lines) {
    subtotalMinor += l.regularTotalMinor;
    totalMinor += l.totalMinor;
    roundingMinor += l.roundingMinor;
    bonusPoints += l.bonusPoints;
  }
  return {
    rulesetVersion,
    lines,
    subtotalMinor,
    discountMinor: subtotalMinor - totalMinor,
    totalMinor,
    roundingMinor,
    bonusPoints,
    appliedPromotions,
    explanations,
    coupons: couponResults(context, explanations),
    receiptMessages: receiptMessages(
      appliedPromotions,
      applied,
      explanations,
      roundingMinor,
      context.currency,
    ),
  };
}
