import { describe, expect, it } from 'vitest';
import { codes, line, promo, run } from '../testing/fixtures.ts';

const tiers = promo('p', {
  kind: 'spend-threshold',
  tiers: [
    { fromMinor: 300_000, reward: { kind: 'percent', percentBp: 500 } },
    { fromMinor: 500_000, reward: { kind: 'percent', percentBp: 1000 } },
  ],
});

describe('spend-threshold', () => {
  it.each([
    {
      subtotal: 200_000,
      discount: 0,
      code: 'threshold_not_met',
      ru: 'добавьте 1\u00a0000 ₽ до скидки 5%',
      en: 'add 1,000 ₽ to get 5%',
    },
    {
      subtotal: 470_000,
      discount: 23_500,
      code: 'applied',
      ru: 'добавьте 300 ₽ до скидки 10%',
      en: 'add 300 ₽ to get 10%',
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
});
