import type { LineState } from '../mechanics/mechanic.ts';
import type { CalculatedLine, PromotionAmount, PromotionPoints } from '../model/calculation.ts';
import { allocate } from '../money/allocate.ts';

/** What promotions did to one input line, in application order. */
export interface LineTakings {
  readonly discounts: readonly PromotionAmount[];
  readonly points: readonly PromotionPoints[];
}

interface Part {
  readonly quantity: number;
  readonly unitPriceMinor: number;
}

/**
 * An input line as receipt lines. Whole units at total T split into `T mod q` units at
 * `floor(T/q) + 1` and the rest at `floor(T/q)` (3 × 100.00 − 1.00 → 2 × 99.67 + 1 × 99.66), so every
 * unit keeps at least the minimum price whenever the line total does. Each promotion's amount and
 * points are split between the parts to the kopeck.
 */
export function receiptLines(state: LineState, takings: LineTakings): CalculatedLine[] {
  const { line } = state;
  if (state.weighted) {
    return [
      outputLine(
        state,
        takings,
        { quantity: 0, unitPriceMinor: line.unitPriceMinor },
        state.regularMinor,
      ),
    ];
  }
  const base = Math.floor(state.currentMinor / state.units);
  const remainder = state.currentMinor - base * state.units;
  const parts: Part[] = [
    { quantity: remainder, unitPriceMinor: base + 1 },
    { quantity: state.units - remainder, unitPriceMinor: base },
  ].filter((part) => part.quantity > 0);
  const [first, second] = parts;
  if (first === undefined) return [];
  if (second === undefined) return [outputLine(state, takings, first, state.regularMinor)];
  const firstDiscount = (line.unitPriceMinor - first.unitPriceMinor) * first.quantity;
  const firstShares = allocate(
    firstDiscount,
    takings.discounts.map((d) => d.discountMinor),
  );
  const pointShares = takings.points.map((p) =>
    allocate(p.points, [first.quantity, second.quantity]),
  );
  const slice = (k: 0 | 1): LineTakings => ({
    discounts: takings.discounts.map((d, i) => ({
      promotionId: d.promotionId,
      discountMinor: k === 0 ? (firstShares[i] ?? 0) : d.discountMinor - (firstShares[i] ?? 0),
    })),
    points: takings.points.map((p, i) => ({
      promotionId: p.promotionId,
      points: pointShares[i]?.[k] ?? 0,
    })),
  });
  return [
    outputLine(state, slice(0), first, line.unitPriceMinor * first.quantity),
    outputLine(state, slice(1), second, line.unitPriceMinor * second.quantity),
  ];
}

function outputLine(
  state: LineState,
  takings: LineTakings,
  part: Part,
  regularTotalMinor: number,
): CalculatedLine {
  const { line } = state;
  const promotions = takings.discounts.filter((d) => d.discountMinor > 0);
  const bonusByPromotion = takings.points.filter((p) => p.points > 0);
  const discountMinor = promotions.reduce((sum, d) => sum + d.discountMinor, 0);
  return {
    lineId: line.lineId,
    sku: line.sku,
    quantity: state.weighted ? null : part.quantity,
    quantityMilli: line.quantityMilli ?? null,
    regularUnitPriceMinor: line.unitPriceMinor,
    unitPriceMinor: part.unitPriceMinor,
    regularTotalMinor,
    totalMinor: regularTotalMinor - discountMinor,
    discountMinor,
    promotions,
    bonusPoints: bonusByPromotion.reduce((sum, p) => sum + p.points, 0),
    bonusByPromotion,
    gift: false,
    noPointsPayment: line.noPointsPayment === true,
    noAccrual: line.noAccrual === true,
  };
}
