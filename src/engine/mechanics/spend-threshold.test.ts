import { describe, expect, it } from 'vitest';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import { codes, line, promo, run, totalsById } from '../testing/fixtures.ts';
import type { SpendThresholdArgs } from './spend-threshold.ts';

const tiers = promo('p', {
  kind: 'spend-threshold',
  tiers: [
    { fromMinor: 300_000, reward: { kind: 'percent', percentBp: 500 } },
    { fromMinor: 500_000, reward: { kind: 'percent', percentBp: 1000 } },
  ],
});

const fromOneThousand = (
  reward: SpendThresholdArgs['tiers'][number]['reward'],
  limits: PromotionDefinition['limits'],
) => promo('p', { kind: 'spend-threshold', tiers: [{ fromMinor: 100_000, reward }] }, { limits });

describe('spend-threshold', () => {
  it.each([
    {
      subtotal: 200_000,
      discount: 0,
      code: 'threshold_not_met',
      ru: 'добавьте 1\u00a0000 ₽ до скидки 5%',
      en: 'add ₽1,000 to get 5%',
    },
    {
      subtotal: 470_000,
      discount: 23_500,
      code: 'applied',
      ru: 'добавьте 300 ₽ до скидки 10%',
      en: 'add ₽300 to get 10%',
    },
    { subtotal: 500_000, discount: 50_000, code: 'applied', ru: null, en: null },
  ])('at $subtotal', ({ subtotal, discount, code, ru, en }) => {
    const result = run([line('1', 'A', subtotal, 1)], [tiers]);
    expect(result.discountMinor).toBe(discount);
    expect(codes(result)).toEqual({ p: code });
    const explanation = result.explanations[0];
    const advice = explanation?.applied ? explanation.hint?.text : explanation?.text;
    expect(advice ?? null).toEqual(ru === null ? null : { ru, en });
    if (ru !== null) expect(result.receiptMessages).toContainEqual({ ru, en });
  });

  it('amount tiers are split over the lines by largest remainder', () => {
    const result = run(
      [line('1', 'A', 100_000, 1), line('2', 'B', 100_000, 1), line('3', 'C', 100_000, 1)],
      [
        promo('p', {
          kind: 'spend-threshold',
          tiers: [{ fromMinor: 300_000, reward: { kind: 'amount', amountMinor: 299 } }],
        }),
      ],
    );
    expect(result.lines.map((l) => l.discountMinor)).toEqual([100, 100, 99]);
  });

  it('the threshold is checked on prices after earlier promotions', () => {
    const result = run(
      [line('1', 'A', 300_000, 1)],
      [
        promo(
          'sale',
          { kind: 'percent-off', scope: {}, percentBp: 1000 },
          {
            stacking: { groupId: 'default', priority: 10, exclusive: false },
          },
        ),
        tiers,
      ],
    );
    expect(codes(result)).toEqual({ sale: 'applied', p: 'threshold_not_met' });
    expect(result.explanations[1]?.params).toMatchObject({ missingMinor: 30_000 });
  });

  describe('with a unit limit, on the cheapest units of the scope only', () => {
    it('10% on up to 1 unit: 30.00 off one of 2 × 300.00, the threshold on the whole 1 100.00', () => {
      const result = run(
        [line('1', 'A', 30_000, 2), line('2', 'B', 50_000, 1)],
        [fromOneThousand({ kind: 'percent', percentBp: 1000 }, { maxUnitsPerCheck: 1 })],
      );
      expect(codes(result)).toEqual({ p: 'applied' });
      expect(result.discountMinor).toBe(3000);
      expect(totalsById(result)).toEqual({ '1': 57_000, '2': 50_000 });
    });

    it('an amount is split over the picked units only, ties to the earlier line', () => {
      const result = run(
        [line('1', 'A', 40_000, 1), line('2', 'B', 40_000, 1), line('3', 'C', 40_000, 1)],
        [fromOneThousand({ kind: 'amount', amountMinor: 299 }, { maxUnitsPerCheck: 2 })],
      );
      expect(result.lines.map((l) => l.discountMinor)).toEqual([150, 149, 0]);
    });

    it('an amount never exceeds what the picked units are worth', () => {
      const result = run(
        [line('1', 'A', 100_000, 1), line('2', 'B', 10_000, 1)],
        [fromOneThousand({ kind: 'amount', amountMinor: 50_000 }, { maxUnitsPerCheck: 1 })],
      );
      expect(totalsById(result)).toEqual({ '1': 100_000, '2': 0 });
    });

    it('a weighed line is one unit: 10% of 247.38 → 24.74', () => {
      const result = run(
        [
          { lineId: 'w', sku: 'CHEESE', unitPriceMinor: 9999, quantityMilli: 2474 },
          line('x', 'X', 30_000, 3),
        ],
        [fromOneThousand({ kind: 'percent', percentBp: 1000 }, { maxUnitsPerCheck: 1 })],
      );
      expect(totalsById(result)).toEqual({ w: 22_264, x: 90_000 });
    });

    it('a limit above the units in scope changes nothing', () => {
      const result = run(
        [line('1', 'A', 30_000, 2), line('2', 'B', 50_000, 1)],
        [fromOneThousand({ kind: 'percent', percentBp: 1000 }, { maxUnitsPerCheck: 3 })],
      );
      expect(result.discountMinor).toBe(11_000);
    });
  });
});
