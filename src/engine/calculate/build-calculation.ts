import type { EvaluationEnv } from '../eligibility/evaluation-env.ts';
import { appliedText, type LocalizedText, roundingText } from '../explain/messages.ts';
import type { GiftGrant } from '../mechanics/mechanic.ts';
import type {
  AppliedPromotion,
  CalculatedLine,
  Calculation,
  CouponResult,
  Explanation,
  PromotionAmount,
  PromotionPoints,
} from '../model/calculation.ts';
import type { CalculationContext } from '../model/context.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import { type Evaluation, moneyCostMinor, pointsOf } from './evaluate-promotion.ts';
import { explainedPositions } from './explanation-scope.ts';
import { explain } from './explanations.ts';
import { type LineTakings, receiptLines } from './receipt-lines.ts';
import type { AppliedEffect, RunState } from './run-state.ts';

// Read-only by type, not frozen (frozen arrays slow the loops that also see plain ones).
const NO_TAKINGS: LineTakings = { discounts: [], points: [] };

/**
 * By line; untouched lines share one empty entry (receipt lines may keep a line's own lists).
 * Lists are sized by a first count, not grown by pushing: most lines take several promotions,
 * and the lists are part of the result.
 */
function takingsByLine(state: RunState, applied: readonly AppliedEffect[]): LineTakings[] {
  const lineCount = state.lines.length;
  const discountCounts = new Array<number>(lineCount).fill(0);
  const pointCounts = new Array<number>(lineCount).fill(0);
  for (const effect of applied) {
    for (const d of effect.discounts) discountCounts[d.index] = (discountCounts[d.index] ?? 0) + 1;
    for (const p of effect.points) pointCounts[p.index] = (pointCounts[p.index] ?? 0) + 1;
  }
  const takings: { discounts: PromotionAmount[]; points: PromotionPoints[] }[] = [];
  for (let i = 0; i < lineCount; i += 1) {
    const discounts = discountCounts[i] as number;
    const points = pointCounts[i] as number;
    takings.push({
      discounts:
        discounts === 0 ? (NO_TAKINGS.discounts as PromotionAmount[]) : new Array(discounts),
      points: points === 0 ? (NO_TAKINGS.points as PromotionPoints[]) : new Array(points),
    });
    discountCounts[i] = 0;
    pointCounts[i] = 0;
  }
  for (const effect of applied) {
    const promotionId = effect.promotion.definition.id;
    for (const d of effect.discounts) {
      const at = discountCounts[d.index] as number;
      (takings[d.index] as { discounts: PromotionAmount[] }).discounts[at] = {
        promotionId,
        discountMinor: d.discountMinor,
      };
      discountCounts[d.index] = at + 1;
    }
    for (const p of effect.points) {
      const at = pointCounts[p.index] as number;
      (takings[p.index] as { points: PromotionPoints[] }).points[at] = {
        promotionId,
        points: p.points,
      };
      pointCounts[p.index] = at + 1;
    }
  }
  return takings;
}

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
    discountMinor: moneyCostMinor(effect.discounts, effect.gifts),
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
  const takings = takingsByLine(state, applied);
  // Plain loops: this runs once per calculation over every line and every applied promotion.
  const lines: CalculatedLine[] = [];
  for (const s of state.lines) {
    const roundingMinor = rounding === null ? 0 : (rounding[s.index] ?? 0);
    receiptLines(s, takings[s.index] ?? NO_TAKINGS, roundingMinor, lines);
  }
  for (const effect of applied) {
    effect.gifts.forEach((gift, n) => {
      lines.push(giftLine(effect, gift, n));
    });
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
