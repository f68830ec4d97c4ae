import type { Reason } from '../explain/reason.ts';
import type { GiftGrant, LineDiscount, LinePoints, LineState } from '../mechanics/mechanic.ts';
import { type Cart, isWeighted, lineAmountAt, unitCount } from '../model/cart.ts';
import { mulDivFloor } from '../money/rounding.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import type { RulesetSettings } from '../ruleset/ruleset-settings.ts';
import { CartLineIndex } from './cart-line-index.ts';

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
  readonly discounts: readonly LineDiscount[];
  readonly points: readonly LinePoints[];
  readonly gifts: readonly GiftGrant[];
  readonly notes: readonly Note[];
  readonly hint: Reason | undefined;
  readonly couponCode: string | null;
  /** The customer's benefit in money, points valued at the ruleset's point value (for `best`). */
  readonly valueMinor: number;
}

/** Per-line facts that do not change while promotions apply. */
export interface CartFrame {
  readonly cart: Cart;
  /** The lowest total each line may reach (minimum price × quantity). */
  readonly floorMinor: readonly number[];
  /** The largest total discount each line may take (ruleset's per-line percent). */
  readonly lineLimitMinor: readonly number[];
  readonly lineIndex: CartLineIndex;
}

/** Applied effects, latest first: each state adds one cell instead of copying the list. */
export interface AppliedList {
  readonly effect: AppliedEffect;
  readonly earlier: AppliedList | null;
}

/** The running cart: amounts after the promotions applied so far. */
export interface RunState {
  readonly lines: readonly LineState[];
  /** Discount the check may still take under the ruleset's per-check percent. */
  readonly checkAllowanceMinor: number;
  readonly applied: AppliedList | null;
  /** The exclusive promotion after which nothing else applies. */
  readonly stoppedBy: CompiledPromotion | null;
}

export function startRun(
  cart: Cart,
  settings: RulesetSettings,
): { frame: CartFrame; state: RunState } {
  const lines = cart.lines.map((line, index): LineState => {
    const regularMinor = lineAmountAt(line, line.unitPriceMinor);
    return {
      index,
      line,
      units: unitCount(line),
      weighted: isWeighted(line),
      regularMinor,
      currentMinor: regularMinor,
    };
  });
  const subtotal = lines.reduce((sum, state) => sum + state.regularMinor, 0);
  const frame: CartFrame = {
    cart,
    floorMinor: cart.lines.map((line) => lineAmountAt(line, line.minPriceMinor ?? 0)),
    lineLimitMinor: lines.map((s) =>
      mulDivFloor(s.regularMinor, settings.maxLineDiscountBp, 10_000),
    ),
    lineIndex: new CartLineIndex(cart.lines),
  };
  const state: RunState = {
    lines,
    checkAllowanceMinor: mulDivFloor(subtotal, settings.maxCheckDiscountBp, 10_000),
    applied: null,
    stoppedBy: null,
  };
  return { frame, state };
}

/**
 * The running cart after `effect`. The lines array is updated in place, not copied: a run owns
 * the array `startRun` made, and a state is never read once the next one exists (this runs for
 * every applied promotion, and a copy per application was a large share of a calculation's
 * garbage).
 */
export function applyEffect(state: RunState, effect: AppliedEffect): RunState {
  const lines = state.lines as LineState[];
  let spent = 0;
  for (const { index, discountMinor } of effect.discounts) {
    const line = lines[index];
    if (line !== undefined) lines[index] = withAmount(line, line.currentMinor - discountMinor);
    spent += discountMinor;
  }
  return {
    lines,
    checkAllowanceMinor: state.checkAllowanceMinor - spent,
    applied: { effect, earlier: state.applied },
    stoppedBy:
      state.stoppedBy ?? (effect.promotion.definition.stacking.exclusive ? effect.promotion : null),
  };
}

/** The applied effects in application order. */
export function appliedEffects(state: RunState): AppliedEffect[] {
  const effects: AppliedEffect[] = [];
  for (let cell = state.applied; cell !== null; cell = cell.earlier) effects.push(cell.effect);
  return effects.reverse();
}

/** A copy of `state` at a new amount (written out: object spread is slow on this hot path). */
function withAmount(state: LineState, currentMinor: number): LineState {
  return {
    index: state.index,
    line: state.line,
    units: state.units,
    weighted: state.weighted,
    regularMinor: state.regularMinor,
    currentMinor,
  };
}
