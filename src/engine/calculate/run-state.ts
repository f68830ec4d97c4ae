import type { Reason } from '../explain/reason.ts';
import { amountAt, lineAt } from '../mechanics/line-discounts.ts';
import type { GiftGrant, LinePoints, LineState } from '../mechanics/mechanic.ts';
import { type Cart, type CartLine, isWeighted, lineAmountAt, unitCount } from '../model/cart.ts';
import { mulDivFloor } from '../money/rounding.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import type { RulesetSettings } from '../ruleset/ruleset-settings.ts';

/** A partial refusal worth telling: a line capped at its minimum price, a check limit hit. */
export interface Note extends Reason {
  /** The lines the cap held back; empty for check-wide caps. */
  readonly lineIndexes: readonly number[];
}

/**
 * What one applied promotion did to the cart. It is also that promotion's evaluation (`applied`
 * true): one object per applied evaluation, not an effect wrapped in a result.
 */
export interface AppliedEffect {
  readonly applied: true;
  readonly promotion: CompiledPromotion;
  /** Its line discounts: entries `discountsFrom..discountsTo` (see line-discounts.ts). */
  readonly discountsFrom: number;
  readonly discountsTo: number;
  readonly points: readonly LinePoints[];
  readonly gifts: readonly GiftGrant[];
  readonly notes: readonly Note[];
  readonly hint: Reason | undefined;
  readonly couponCode: string | null;
  /** The discounts' total (gifts apart), summed once: the run and the result read it often. */
  readonly discountMinor: number;
  /** The customer's benefit in money, points valued at the ruleset's point value (for `best`). */
  readonly valueMinor: number;
}

/** Per-line facts that do not change while promotions apply. */
export interface CartFrame {
  /** The lowest total each line may reach (minimum price × quantity). */
  readonly floorMinor: readonly number[];
  /** The largest total discount each line may take (ruleset's per-line percent). */
  readonly lineLimitMinor: readonly number[];
}

/** A line of the running cart; only the run changes its amount. */
export interface RunningLine extends LineState {
  currentMinor: number;
  /** Discounts of the applied promotions on this line: its entries on the receipt. */
  discountCount: number;
}

/**
 * The running cart: amounts after the promotions applied so far. One object per calculation,
 * changed in place as promotions apply: a run never needs an earlier state back (stand-alone
 * evaluations of a `best` group all happen before any of its members applies), and a copy per
 * application was a large share of a calculation's garbage.
 */
export interface RunState {
  readonly lines: readonly RunningLine[];
  /** Discount the check may still take under the ruleset's per-check percent. */
  checkAllowanceMinor: number;
  /**
   * By line, while promotions apply: the discount it may still take under both caps, its running
   * amount less the lowest total they allow, `max(floor, regular − line limit)` (none when not
   * above zero; −∞ for a line flagged "no discount"). Kept beside the running amounts: capping
   * reads it for every line of every evaluated promotion, and one number is cheaper to read than
   * the line and the frame.
   */
  readonly roomMinor: number[];
  /** Applied effects in application order. */
  readonly applied: AppliedEffect[];
  /** The exclusive promotion after which nothing else applies. */
  stoppedBy: CompiledPromotion | null;
}

export function startRun(
  cart: Cart,
  settings: RulesetSettings,
): { frame: CartFrame; state: RunState } {
  const lines = cart.lines.map((input, index): RunningLine => {
    const line = uniformLine(input);
    const regularMinor = lineAmountAt(line, line.unitPriceMinor);
    return {
      index,
      line,
      units: unitCount(line),
      weighted: isWeighted(line),
      regularMinor,
      currentMinor: regularMinor,
      discountCount: 0,
    };
  });
  const subtotal = lines.reduce((sum, state) => sum + state.regularMinor, 0);
  const floorMinor = cart.lines.map((line) => lineAmountAt(line, line.minPriceMinor ?? 0));
  const lineLimitMinor = lines.map((s) =>
    mulDivFloor(s.regularMinor, settings.maxLineDiscountBp, 10_000),
  );
  const roomMinor = lines.map((s, i) =>
    s.line.noDiscount
      ? Number.NEGATIVE_INFINITY
      : s.regularMinor -
        Math.max(floorMinor[i] as number, s.regularMinor - (lineLimitMinor[i] as number)),
  );
  const frame: CartFrame = { floorMinor, lineLimitMinor };
  const state: RunState = {
    lines,
    checkAllowanceMinor: mulDivFloor(subtotal, settings.maxCheckDiscountBp, 10_000),
    roomMinor,
    applied: [],
    stoppedBy: null,
  };
  return { frame, state };
}

/**
 * The line with every field present, in one order: lines arrive with different sets of optional
 * fields, and reading fields of objects of many shapes is several times slower than of one, in
 * every selector test and mechanic. Absent fields stay undefined, so the line means the same.
 */
function uniformLine(line: CartLine): CartLine {
  return {
    lineId: line.lineId,
    sku: line.sku,
    unitPriceMinor: line.unitPriceMinor,
    quantity: line.quantity,
    quantityMilli: line.quantityMilli,
    categoryIds: line.categoryIds,
    brand: line.brand,
    attributes: line.attributes,
    tags: line.tags,
    minPriceMinor: line.minPriceMinor,
    noDiscount: line.noDiscount,
    noPointsPayment: line.noPointsPayment,
    noAccrual: line.noAccrual,
  };
}

/** Applies `effect` to the running cart. */
export function applyEffect(state: RunState, effect: AppliedEffect): void {
  const { roomMinor } = state;
  for (let e = effect.discountsFrom; e < effect.discountsTo; e += 1) {
    const index = lineAt(e);
    const line = state.lines[index];
    if (line !== undefined) {
      line.currentMinor -= amountAt(e);
      line.discountCount += 1;
      roomMinor[index] = (roomMinor[index] as number) - amountAt(e);
    }
  }
  state.checkAllowanceMinor -= effect.discountMinor;
  state.applied.push(effect);
  if (state.stoppedBy === null && effect.promotion.definition.stacking.exclusive) {
    state.stoppedBy = effect.promotion;
  }
}

/**
 * Takes back `effect`, the last one applied: the `best-order` search tries orders on the one
 * running cart. `stoppedBefore` is `stoppedBy` as it was before the effect applied.
 */
export function undoEffect(
  state: RunState,
  effect: AppliedEffect,
  stoppedBefore: CompiledPromotion | null,
): void {
  const { roomMinor } = state;
  for (let e = effect.discountsFrom; e < effect.discountsTo; e += 1) {
    const index = lineAt(e);
    const line = state.lines[index];
    if (line !== undefined) {
      line.currentMinor += amountAt(e);
      line.discountCount -= 1;
      roomMinor[index] = (roomMinor[index] as number) + amountAt(e);
    }
  }
  state.checkAllowanceMinor += effect.discountMinor;
  state.applied.pop();
  state.stoppedBy = stoppedBefore;
}
