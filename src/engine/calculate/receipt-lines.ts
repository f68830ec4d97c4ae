import type { LineState } from '../mechanics/mechanic.ts';
import type { CalculatedLine, PromotionAmount, PromotionPoints } from '../model/calculation.ts';
import { allocate } from '../money/allocate.ts';

/** What promotions did to one input line, in application order. */
export interface LineTakings {
  readonly discounts: readonly PromotionAmount[];
  readonly points: readonly PromotionPoints[];
}

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
  if (state.weighted) {
    out.push(
      outputLine(
        state,
        positive(takings.discounts),
        positive(takings.points),
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
  const discounts = positive(takings.discounts);
  const points = positive(takings.points);
  if (firstQuantity <= 0 || secondQuantity <= 0) {
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
  const promotionCount = takings.discounts.length;
  // The rounding is split with the promotions: each part's discount is its promotions plus its
  // rounding.
  const weights = new Array<number>(promotionCount + (roundingMinor > 0 ? 1 : 0));
  for (let i = 0; i < promotionCount; i += 1) {
    weights[i] = (takings.discounts[i] as PromotionAmount).discountMinor;
  }
  if (roundingMinor > 0) weights[promotionCount] = roundingMinor;
  const firstShares = allocate(firstDiscount, weights);
  const firstRounding = roundingMinor > 0 ? (firstShares[promotionCount] ?? 0) : 0;
  // Lists sized for every promotion and cut to those with a share: they are part of the result.
  const firstDiscounts = new Array<PromotionAmount>(promotionCount);
  const secondDiscounts = new Array<PromotionAmount>(promotionCount);
  let firstCount = 0;
  let secondCount = 0;
  for (let i = 0; i < promotionCount; i += 1) {
    const d = takings.discounts[i] as PromotionAmount;
    const share = firstShares[i] ?? 0;
    const rest = d.discountMinor - share;
    if (share > 0)
      firstDiscounts[firstCount++] = { promotionId: d.promotionId, discountMinor: share };
    if (rest > 0)
      secondDiscounts[secondCount++] = { promotionId: d.promotionId, discountMinor: rest };
  }
  firstDiscounts.length = firstCount;
  secondDiscounts.length = secondCount;
  const firstPoints: PromotionPoints[] = [];
  const secondPoints: PromotionPoints[] = [];
  for (const p of takings.points) {
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

/**
 * The entries with something in them, as a list the result may own: a line's takings are made
 * for this calculation and read once, so when all count (as they do) the list itself is kept.
 */
function positive<T extends { discountMinor: number } | { points: number }>(
  entries: readonly T[],
): T[] {
  if (entries.length === 0) return [];
  let all = true;
  for (const entry of entries) {
    if (('discountMinor' in entry ? entry.discountMinor : entry.points) <= 0) all = false;
  }
  if (all) return entries as T[];
  return entries.filter(
    (entry) => ('discountMinor' in entry ? entry.discountMinor : entry.points) > 0,
  );
}

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
  let discountMinor = roundingMinor;
  for (const d of promotions) discountMinor += d.discountMinor;
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
    totalMinor: regularTotalMinor - discountMinor,
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
