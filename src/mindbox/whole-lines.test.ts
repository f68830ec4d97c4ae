import { describe, expect, it } from 'vitest';
import type { CalculatedLine } from '../engine/model/calculation.ts';
import { wholeLines } from './whole-lines.ts';

function part(
  lineId: string,
  quantity: number | null,
  unitPriceMinor: number,
  regularUnitPriceMinor: number,
  promotions: { promotionId: string; discountMinor: number }[],
  roundingMinor = 0,
): CalculatedLine {
  const regularTotalMinor = regularUnitPriceMinor * (quantity ?? 1);
  const discountMinor = promotions.reduce((sum, p) => sum + p.discountMinor, roundingMinor);
  return {
    lineId,
    sku: `sku-${lineId}`,
    quantity,
    quantityMilli: quantity === null ? 1500 : null,
    regularUnitPriceMinor,
    unitPriceMinor,
    regularTotalMinor,
    totalMinor: regularTotalMinor - discountMinor,
    discountMinor,
    roundingMinor,
    promotions,
    bonusPoints: 0,
    bonusByPromotion: [],
    gift: false,
    noPointsPayment: false,
    noAccrual: false,
  };
}

const total = (lines: { totalMinor: number }[]) => lines.reduce((s, l) => s + l.totalMinor, 0);

describe('whole lines for clients that divide a line total by its quantity', () => {
  // 3 × 100.00 ₽ with 1.00 ₽ off: the engine answers 2 × 99.67 + 1 × 99.66 = 299.00.
  const split = [
    part('A', 2, 9967, 10_000, [{ promotionId: 'p1', discountMinor: 66 }]),
    part('A', 1, 9966, 10_000, [{ promotionId: 'p1', discountMinor: 34 }]),
  ];

  it('joins the parts and moves the remainder to a discounted single unit, the check unchanged', () => {
    const single = part('B', 1, 4500, 5000, [{ promotionId: 'p2', discountMinor: 500 }]);
    const { lines, keptByCustomerMinor } = wholeLines([...split, single]);
    expect(lines.map((l) => [l.lineId, l.units, l.totalMinor, l.discounts])).toEqual([
      ['A', 3, 29_898, [{ promotionId: 'p1', discountMinor: 102 }]],
      ['B', 1, 4502, [{ promotionId: 'p2', discountMinor: 498 }]],
    ]);
    expect(29_898 % 3).toBe(0);
    expect(total(lines)).toBe(29_900 + 4500);
    expect(keptByCustomerMinor).toBe(0);
  });

  it('takes back from the largest single-unit discount first, and across lines when one is short', () => {
    const { lines, keptByCustomerMinor } = wholeLines([
      ...split,
      part('C', 7, 1428, 1500, [{ promotionId: 'p3', discountMinor: 500 }]),
      part('B', 1, 9999, 10_000, [{ promotionId: 'p2', discountMinor: 1 }]),
      part('D', 1, 9997, 10_000, [{ promotionId: 'p4', discountMinor: 3 }]),
    ]);
    // A: 29 900 mod 3 = 2; C: 7 × 15.00 − 5.00 = 100.00, 10 000 mod 7 = 4: 6 kopecks owed.
    expect(lines.map((l) => [l.lineId, l.totalMinor])).toEqual([
      ['A', 29_898],
      ['C', 9996],
      ['B', 10_000],
      ['D', 10_000],
    ]);
    expect(keptByCustomerMinor).toBe(2);
    expect(total(lines)).toBe(29_900 + 10_000 + 9999 + 9997 - 2);
  });

  it('leaves the kopecks with the customer when no single unit has a discount', () => {
    const { lines, keptByCustomerMinor } = wholeLines([
      ...split,
      part('B', 1, 5000, 5000, []),
      part('W', null, 15_000, 10_000, [{ promotionId: 'p2', discountMinor: 333 }]),
    ]);
    expect(lines.map((l) => [l.lineId, l.units, l.totalMinor])).toEqual([
      ['A', 3, 29_898],
      ['B', 1, 5000],
      ['W', null, 9667],
    ]);
    expect(keptByCustomerMinor).toBe(2);
  });

  it('moves a rounding share like a promotion, so discounts still add up per line', () => {
    const { lines } = wholeLines([
      part('A', 2, 4950, 5000, [{ promotionId: 'p1', discountMinor: 99 }], 1),
      part('B', 1, 900, 1000, [], 100),
    ]);
    // A: 10 000 − 100 = 9 900, even; B keeps its 1.00 of rounding.
    expect(lines.map((l) => [l.totalMinor, l.discounts])).toEqual([
      [
        9900,
        [
          { promotionId: 'p1', discountMinor: 99 },
          { promotionId: null, discountMinor: 1 },
        ],
      ],
      [900, [{ promotionId: null, discountMinor: 100 }]],
    ]);
    for (const l of lines) {
      const discounts = l.discounts.reduce((s, d) => s + d.discountMinor, 0);
      expect(l.regularTotalMinor - discounts).toBe(l.totalMinor);
    }
  });
});
