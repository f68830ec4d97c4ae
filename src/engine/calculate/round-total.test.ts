import { describe, expect, it } from 'vitest';
import type { CartLine } from '../model/cart.ts';
import { defaultRulesetSettings } from '../ruleset/ruleset-settings.ts';
import { line, promo, run } from '../testing/fixtures.ts';
import { roundTotalDown } from './round-total.ts';
import { startRun } from './run-state.ts';

const cheese = (quantityMilli: number, facts: Partial<CartLine> = {}): CartLine => ({
  lineId: 'w',
  sku: 'CHEESE',
  unitPriceMinor: 9999,
  quantityMilli,
  ...facts,
});

/** The rounding per line and the running amounts it leaves, from a run with no promotions. */
function rounded(lines: CartLine[], stepMinor: number) {
  const { frame, state } = startRun({ lines }, defaultRulesetSettings);
  const shares = roundTotalDown(state, frame, stepMinor);
  return { shares, amounts: state.lines.map((l) => l.currentMinor) };
}

const wholeRoubles = { settings: { roundTotalDownToMinor: 100 } };

describe('roundTotalDown', () => {
  it.each([
    {
      name: '123.45 + 10.10 → 133.00: 0.55 split 0.51 / 0.04 by largest remainder',
      lines: [line('1', 'A', 12_345, 1), line('2', 'B', 1010, 1)],
      stepMinor: 100,
      shares: [51, 4],
      amounts: [12_294, 1006],
    },
    {
      name: 'a no-discount line takes none: 0.55 all on the other',
      lines: [line('1', 'A', 12_345, 1, { noDiscount: true }), line('2', 'B', 1010, 1)],
      stepMinor: 100,
      shares: [0, 55],
      amounts: [12_345, 955],
    },
    {
      name: 'a line stops at its minimum price, the rest moves on: 0.45 + 0.10',
      lines: [line('1', 'A', 12_345, 1, { minPriceMinor: 12_300 }), line('2', 'B', 1010, 1)],
      stepMinor: 100,
      shares: [45, 10],
      amounts: [12_300, 1000],
    },
    {
      name: 'a weighted line takes an amount: 247.38 + 10.10 → 257.00 as 0.46 / 0.02',
      lines: [cheese(2474), line('2', 'B', 1010, 1)],
      stepMinor: 100,
      shares: [46, 2],
      amounts: [24_692, 1008],
    },
    {
      name: 'steps of 10 ₽: 133.55 → 130.00',
      lines: [line('1', 'A', 12_345, 1), line('2', 'B', 1010, 1)],
      stepMinor: 1000,
      shares: [328, 27],
      amounts: [12_017, 983],
    },
    {
      name: 'what the lines cannot take stays: 133.55 → 133.45, unround',
      lines: [
        line('1', 'A', 12_345, 1, { noDiscount: true }),
        line('2', 'B', 1010, 1, { minPriceMinor: 1000 }),
      ],
      stepMinor: 100,
      shares: [0, 10],
      amounts: [12_345, 1000],
    },
  ])('$name', ({ lines, stepMinor, shares, amounts }) => {
    expect(rounded(lines, stepMinor)).toEqual({ shares, amounts });
  });

  it('takes nothing from a round total or from lines with no room', () => {
    expect(rounded([line('1', 'A', 5000, 3)], 100)).toEqual({ shares: null, amounts: [15_000] });
    expect(rounded([line('1', 'A', 5055, 1, { minPriceMinor: 5055 })], 100)).toEqual({
      shares: null,
      amounts: [5055],
    });
  });
});

describe('check rounding in the calculation', () => {
  it('shows on the lines and the check, with a receipt message, but as no promotion', () => {
    const result = run([line('1', 'A', 12_345, 1), line('2', 'B', 1010, 1)], [], wholeRoubles);
    expect(result).toMatchObject({
      subtotalMinor: 13_355,
      discountMinor: 55,
      roundingMinor: 55,
      totalMinor: 13_300,
      appliedPromotions: [],
      explanations: [],
      receiptMessages: [
        { ru: 'Округление суммы чека: −0,55 ₽', en: 'Check total rounded down: −₽0.55' },
      ],
    });
    expect(
      result.lines.map((l) => [l.unitPriceMinor, l.totalMinor, l.discountMinor, l.roundingMinor]),
    ).toEqual([
      [12_294, 12_294, 51, 51],
      [1006, 1006, 4, 4],
    ]);
    expect(result.lines.map((l) => l.promotions)).toEqual([[], []]);
  });

  it('splits a line in two with its promotions: 3 × 100.00 − 1.00 − 9.00 rounding to 10 ₽', () => {
    const result = run(
      [line('1', 'A', 10_000, 3)],
      [promo('p', { kind: 'amount-off', scope: {}, amountMinor: 100, per: 'line' })],
      { settings: { roundTotalDownToMinor: 1000 } },
    );
    // 290.00 = 2 × 96.67 + 1 × 96.66; the first part's 6.66 off is 0.67 promotion + 5.99 rounding.
    expect(
      result.lines.map((l) => [
        l.quantity,
        l.unitPriceMinor,
        l.totalMinor,
        l.discountMinor,
        l.roundingMinor,
        l.promotions,
      ]),
    ).toEqual([
      [2, 9667, 19_334, 666, 599, [{ promotionId: 'p', discountMinor: 67 }]],
      [1, 9666, 9666, 334, 301, [{ promotionId: 'p', discountMinor: 33 }]],
    ]);
    expect(result).toMatchObject({ totalMinor: 29_000, roundingMinor: 900, discountMinor: 1000 });
    expect(result.appliedPromotions).toEqual([
      expect.objectContaining({ promotionId: 'p', discountMinor: 100 }),
    ]);
    expect(result.explanations.map((e) => [e.promotionId, e.discountMinor])).toEqual([['p', 100]]);
    expect(result.receiptMessages).toEqual([
      { ru: '«p»: скидка 1 ₽', en: '“p”: ₽1 off' },
      { ru: 'Округление суммы чека: −9 ₽', en: 'Check total rounded down: −₽9' },
    ]);
  });

  it('counts a gift in the total but rounds only the bought lines', () => {
    const result = run(
      [line('1', 'A', 10_000, 1)],
      [promo('g', { kind: 'gift', sku: 'G', regularPriceMinor: 5000, priceMinor: 1, quantity: 1 })],
      wholeRoubles,
    );
    expect(result.lines.map((l) => [l.sku, l.totalMinor, l.roundingMinor])).toEqual([
      ['A', 9999, 1],
      ['G', 1, 0],
    ]);
    expect(result.totalMinor).toBe(10_000);
  });

  it('ignores the promotion discount limits', () => {
    const result = run([line('1', 'A', 12_345, 1)], [], {
      settings: { roundTotalDownToMinor: 100, maxLineDiscountBp: 0, maxCheckDiscountBp: 0 },
    });
    expect(result).toMatchObject({ totalMinor: 12_300, roundingMinor: 45 });
  });

  it('does nothing when off', () => {
    for (const step of [0, 1, undefined]) {
      const result = run([line('1', 'A', 12_345, 1)], [], {
        settings: { roundTotalDownToMinor: step },
      });
      expect(result).toMatchObject({ totalMinor: 12_345, roundingMinor: 0, receiptMessages: [] });
      expect(result.lines[0]?.roundingMinor).toBe(0);
    }
  });
});
