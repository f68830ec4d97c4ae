import { describe, expect, it } from 'vitest';
import { codes, line, promo, run, totalsById } from '../testing/fixtures.ts';

const tenPercent = (id: string, priority: number) =>
  promo(
    id,
    { kind: 'percent-off', scope: {}, percentBp: 1000 },
    {
      stacking: { groupId: 'default', priority, exclusive: false },
    },
  );

describe('calculate', () => {
  it('applies a cumulative group sequentially: 10% then 10% on 100.00 is 81.00', () => {
    const result = run([line('1', 'A', 10_000, 1)], [tenPercent('a', 2), tenPercent('b', 1)]);
    expect(result).toMatchObject({ subtotalMinor: 10_000, discountMinor: 1900, totalMinor: 8100 });
    expect(result.lines[0]?.promotions).toEqual([
      { promotionId: 'a', discountMinor: 1000 },
      { promotionId: 'b', discountMinor: 900 },
    ]);
  });

  it('splits a 3-unit line 2 + 1 to stay receipt-safe: 3 × 100.00 − 1.00', () => {
    const result = run(
      [line('1', 'A', 10_000, 3)],
      [promo('p', { kind: 'amount-off', scope: {}, amountMinor: 100, per: 'line' })],
    );
    expect(result.lines.map((l) => [l.lineId, l.quantity, l.unitPriceMinor, l.totalMinor])).toEqual(
      [
        ['1', 2, 9967, 19_934],
        ['1', 1, 9966, 9966],
      ],
    );
    expect(result.lines.map((l) => l.promotions)).toEqual([
      [{ promotionId: 'p', discountMinor: 66 }],
      [{ promotionId: 'p', discountMinor: 34 }],
    ]);
    expect(result.totalMinor).toBe(29_900);
  });

  it('caps a discount at the minimum price and says so', () => {
    const result = run(
      [line('1', 'VODKA', 60_000, 2, { minPriceMinor: 54_900 })],
      [promo('p', { kind: 'percent-off', scope: {}, percentBp: 2000 })],
    );
    expect(totalsById(result)).toEqual({ '1': 109_800 });
    expect(result.explanations[0]).toMatchObject({
      applied: true,
      discountMinor: 10_200,
      notes: [
        {
          code: 'capped_by_min_price',
          lineIds: ['1'],
          text: {
            ru: 'скидка на VODKA ограничена минимальной ценой',
            en: 'the discount on VODKA is capped by its minimum price',
          },
        },
      ],
    });
  });

  it('refuses a promotion fully blocked by the minimum price', () => {
    const result = run(
      [line('1', 'VODKA', 54_900, 1, { minPriceMinor: 54_900 })],
      [promo('p', { kind: 'percent-off', scope: {}, percentBp: 2000 })],
    );
    expect(codes(result)).toEqual({ p: 'capped_by_min_price' });
    expect(result.appliedPromotions).toEqual([]);
  });

  it('holds the per-line and per-check maximum discount', () => {
    const cart = [line('1', 'A', 10_000, 1), line('2', 'B', 10_000, 1)];
    const promotions = [
      promo('half', { kind: 'percent-off', scope: { skus: ['A'] }, percentBp: 5000 }),
      promo('more', { kind: 'amount-off', scope: {}, amountMinor: 5000, per: 'cart' }),
    ];
    const result = run(cart, promotions, {
      settings: { maxLineDiscountBp: 4000, maxCheckDiscountBp: 3000 },
    });
    // A: 50% capped to 40% (4 000). The cart's 50 ₽ finds no room on A and at most 40 on B,
    // and the check's 30% (6 000) leaves only 2 000 of it.
    expect(result.discountMinor).toBe(6000);
    expect(totalsById(result)).toEqual({ '1': 6000, '2': 8000 });
    expect(result.explanations.map((e) => e.notes.map((n) => n.code))).toEqual([
      ['capped_by_line_limit'],
      ['capped_by_line_limit', 'capped_by_check_limit'],
    ]);
  });

  it('an applied exclusive promotion stops the later groups', () => {
    const promotions = [
      promo(
        'vip',
        { kind: 'percent-off', scope: {}, percentBp: 1500 },
        {
          stacking: { groupId: 'personal', priority: 0, exclusive: true },
        },
      ),
      promo(
        'sale',
        { kind: 'percent-off', scope: {}, percentBp: 1000 },
        {
          stacking: { groupId: 'sales', priority: 0, exclusive: false },
        },
      ),
    ];
    const result = run([line('1', 'A', 10_000, 1)], promotions, {
      settings: {
        stackingGroups: [
          { id: 'personal', mode: 'cumulative' },
          { id: 'sales', mode: 'cumulative' },
        ],
      },
    });
    expect(result.totalMinor).toBe(8500);
    expect(result.explanations[1]).toMatchObject({
      code: 'suppressed_by',
      params: { promotionId: 'vip' },
      text: { ru: 'не суммируется с акцией «vip»', en: 'does not stack with “vip”' },
    });
  });

  it('keeps a weighted line whole: 9 999 × 2.474 kg → 24 738, discounted as an amount', () => {
    const result = run(
      [{ lineId: 'w', sku: 'CHEESE', unitPriceMinor: 9999, quantityMilli: 2474 }],
      [promo('p', { kind: 'percent-off', scope: {}, percentBp: 1000 })],
    );
    expect(result.lines).toMatchObject([
      {
        lineId: 'w',
        quantity: null,
        quantityMilli: 2474,
        unitPriceMinor: 9999,
        regularTotalMinor: 24_738,
        discountMinor: 2474,
        totalMinor: 22_264,
      },
    ]);
  });

  it('is deterministic to the byte', () => {
    const cart = [line('1', 'A', 10_000, 3), line('2', 'B', 333, 7)];
    const promotions = [
      tenPercent('a', 1),
      promo('c', { kind: 'amount-off', scope: {}, amountMinor: 777, per: 'cart' }),
    ];
    expect(JSON.stringify(run(cart, promotions))).toBe(JSON.stringify(run(cart, promotions)));
  });
});
