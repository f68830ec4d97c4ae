import type { LineState } from '../mechanics/mechanic.ts';
import type { CalculatedLine, PromotionAmount, PromotionPoints } from '../model/calculation.ts';
import { allocateInto } from '../money/allocate.ts';
import type { LineTakings } from './line-takings.ts';

// Scratch for the split of a line's discounts (synchronous, never escaping): only the entries
// made from the shares leave it.
const weights: number[] = [];
const shares: number[] = [];

/**
 * An input line as receipt lines. Whole units at total T split into `T mod q` units at
 * `floor(T/q) + 1` and the rest at `floor(T/q)` (3 × 100.00 − 1.00 → 2 × 99.67 + 1 × 99.66), so every
 * unit keeps at least the minimum price whenever the line total does. Each promotion's amount and
 * points, and the line's check rounding (`roundingMinor`), are split between the parts to the kopeck.
 */
export function receiptLines(
  state: LineState,
  takings: LineTakings,
  roundingMinor: number,
  out: CalculatedLine[],
): void {
  const { line } = state;
  const from = takings.starts[state.index] as number;
  const to = takings.starts[state.index + 1] as number;
  const linePoints = takings.points[state.index] ?? [];
  if (state.weighted) {
    out.push(
      outputLine(
        state,
        wholeAmounts(takings, from, to),
        positive(linePoints),
        0,
        line.unitPriceMinor,
        state.regularMinor,
        roundingMinor,
      ),
    );
    return;
  }
  // Parts written out (no part objects, no closures): this runs for every line of every cart.
  const base = Math.floor(state.currentMinor / state.units);
  const firstQuantity = state.currentMinor - base * state.units;
  const secondQuantity = state.units - firstQuantity;
  if (firstQuantity <= 0 || secondQuantity <= 0) {
    const discounts = wholeAmounts(takings, from, to);
    const points = positive(linePoints);
    // At most one part: the units at `base + 1` (none, as the remainder is below the units) or
    // those at `base`.
    if (firstQuantity > 0) {
      out.push(
        outputLine(
          state,
          discounts,
          points,
          firstQuantity,
          base + 1,
          state.regularMinor,
          roundingMinor,
        ),
      );
    } else if (secondQuantity > 0) {
      out.push(
        outputLine(
          state,
          discounts,
          points,
          secondQuantity,
          base,
          state.regularMinor,
          roundingMinor,
        ),
      );
    }
    return;
  }
  const firstDiscount = (line.unitPriceMinor - base - 1) * firstQuantity;
  const promotionCount = to - from;
  const { appliedAt, ids, discountMinor } = takings;
  // The rounding is split with the promotions: each part's discount is its promotions plus its
  // rounding.
  for (let i = 0; i < promotionCount; i += 1) weights[i] = discountMinor[from + i] as number;
  if (roundingMinor > 0) weights[promotionCount] = roundingMinor;
  allocateInto(firstDiscount, weights, promotionCount + (roundingMinor > 0 ? 1 : 0), shares);
  const firstRounding = roundingMinor > 0 ? (shares[promotionCount] ?? 0) : 0;
  // Lists sized by a first count of the shares: they are part of the result, and cutting a list
  // to length is a call into the runtime.
  let firstCount = 0;
  let secondCount = 0;
  for (let i = 0; i < promotionCount; i += 1) {
    const share = shares[i] as number;
    if (share > 0) firstCount += 1;
    if ((discountMinor[from + i] as number) > share) secondCount += 1;
  }
  const firstDiscounts = new Array<PromotionAmount>(firstCount);
  const secondDiscounts = new Array<PromotionAmount>(secondCount);
  firstCount = 0;
  secondCount = 0;
  for (let i = 0; i < promotionCount; i += 1) {
    const promotionId = ids[appliedAt[from + i] as number] as string;
    const share = shares[i] as number;
    const rest = (discountMinor[from + i] as number) - share;
    if (share > 0) firstDiscounts[firstCount++] = { promotionId, discountMinor: share };
    if (rest > 0) secondDiscounts[secondCount++] = { promotionId, discountMinor: rest };
  }
  const firstPoints: PromotionPoints[] = [];
  const secondPoints: PromotionPoints[] = [];
  for (const p of linePoints) {
    // `allocate` over the two parts by quantity, written out: the odd point goes to the larger
    // remainder, ties to the first part.
    const exact = p.points * firstQuantity;
    const remainder = exact % state.units;
    const odd = remainder !== 0 && remainder * 2 >= state.units ? 1 : 0;
    const first = (exact - remainder) / state.units + odd;
    const second = p.points - first;
    if (first > 0) firstPoints.push({ promotionId: p.promotionId, points: first });
    if (second > 0) secondPoints.push({ promotionId: p.promotionId, points: second });
  }
  out.push(
    outputLine(
      state,
      firstDiscounts,
      firstPoints,
      firstQuantity,
      base + 1,
      line.unitPriceMinor * firstQuantity,
      firstRounding,
    ),
    outputLine(
      state,
      secondDiscounts,
      secondPoints,
      secondQuantity,
      base,
      line.unitPriceMinor * secondQuantity,
      roundingMinor - firstRounding,
    ),
  );
}

/** A line's discounts as entries of the result (each takes something off: see `LineTakings`). */
function wholeAmounts(takings: LineTakings, from: number, to: number): PromotionAmount[] {
  const { appliedAt, ids, discountMinor } = takings;
  const amounts = new Array<PromotionAmount>(to - from);
  for (let k = from; k < to; k += 1) {
    const promotionId = ids[appliedAt[k] as number] as string;
    amounts[k - from] = { promotionId, discountMinor: discountMinor[k] as number };
  }
  return amounts;
}

/**
 * The points with something in them, as a list the result may own: a line's points are made for
 * this calculation and read once, so when all count (as they do) the list itself is kept.
 */
function positive(entries: readonly PromotionPoints[]): PromotionPoints[] {
  if (entries.length === 0) return [];
  let all = true;
  for (const entry of entries) if (entry.points <= 0) all = false;
  if (all) return entries as PromotionPoints[];
  return entries.filter((entry) => entry.points > 0);
}

/**
 * A receipt line of `quantity` units at `unitPriceMinor` (a weighted line: the whole line). Its
 * discount is what the part lost against its regular total, which is its promotions' entries plus
 * its rounding: each part's entries are split to add up to exactly that, so they need no sum here.
 */
function outputLine(
  state: LineState,
  promotions: PromotionAmount[],
  bonusByPromotion: PromotionPoints[],
  quantity: number,
  unitPriceMinor: number,
  regularTotalMinor: number,
  roundingMinor: number,
): CalculatedLine {
  const { line } = state;
  const totalMinor = state.weighted ? state.currentMinor : unitPriceMinor * quantity;
  const discountMinor = regularTotalMinor - totalMinor;
  let bonusPoints = 0;
  for (const p of bonusByPromotion) bonusPoints += p.points;
  return {
    lineId: line.lineId,
    sku: line.sku,
    quantity: state.weighted ? null : quantity,
    quantityMilli: line.quantityMilli ?? null,
    regularUnitPriceMinor: line.unitPriceMinor,
    unitPriceMinor,
    regularTotalMinor,
    totalMinor,
    discountMinor,
    roundingMinor,
    promotions,
    bonusPoints,
    bonusByPromotion,
    gift: false,
    noPointsPayment: line.noPointsPayment === true,
    noAccrual: line.noAccrual === true,
  };
}
