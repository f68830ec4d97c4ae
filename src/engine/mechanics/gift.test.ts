import { describe, expect, it } from 'vitest';
import { codes, line, promo, run } from '../testing/fixtures.ts';

const mug = {
  kind: 'gift' as const,
  sku: 'MUG',
  regularPriceMinor: 50_000,
  priceMinor: 100,
  quantity: 1,
};

describe('gift', () => {
  it('adds a gift line at a token price when the condition holds', () => {
    const result = run(
      [line('1', 'COFFEE', 150_000, 1)],
      [promo('p', mug, { conditions: { minSubtotal: { amountMinor: 100_000 } } })],
    );
    expect(result.lines[1]).toMatchObject({
      lineId: 'gift:p:0',
      sku: 'MUG',
      quantity: 1,
      unitPriceMinor: 100,
      regularTotalMinor: 50_000,
      totalMinor: 100,
      gift: true,
      promotions: [{ promotionId: 'p', discountMinor: 49_900 }],
    });
    expect(result).toMatchObject({
      subtotalMinor: 200_000,
      discountMinor: 49_900,
      totalMinor: 150_100,
    });
  });

  it('repeats once per N units bought, up to max repeats', () => {
    const result = run(
      [line('1', 'BEER', 10_000, 7)],
      [
        promo(
          'p',
          { ...mug, priceMinor: 0, perUnitsOf: { scope: { skus: ['BEER'] }, quantity: 3 } },
          {
            limits: { maxRepeats: 5 },
          },
        ),
      ],
    );
    expect(result.lines[1]).toMatchObject({ quantity: 2, totalMinor: 0 });
  });

  it('explains an unmet condition with the missing amount', () => {
    const result = run(
      [line('1', 'COFFEE', 70_000, 1)],
      [promo('p', mug, { conditions: { minSubtotal: { amountMinor: 100_000 } } })],
    );
    expect(codes(result)).toEqual({ p: 'threshold_not_met' });
    expect(result.explanations[0]?.text).toEqual({
      ru: 'добавьте 300 ₽ до условия акции',
      en: 'add ₽300 to qualify',
    });
  });
});
