import { describe, expect, it } from 'vitest';
import { codes, line, promo, run, totalsById } from '../testing/fixtures.ts';
import type { BundleArgs } from './bundle.ts';

const coffeeAndCroissant = (price: BundleArgs['price']): BundleArgs => ({
  kind: 'bundle',
  components: [
    { scope: { categoryIds: ['coffee'] }, quantity: 1 },
    { scope: { categoryIds: ['pastry'] }, quantity: 1 },
  ],
  price,
});

const cart = [
  line('1', 'LATTE', 20_000, 3, { categoryIds: ['coffee'] }),
  line('2', 'CROISSANT', 10_000, 2, { categoryIds: ['pastry'] }),
];

describe('bundle', () => {
  it('repeats a fixed-price set twice and leaves the extra coffee at full price', () => {
    const result = run(cart, [
      promo('p', coffeeAndCroissant({ kind: 'fixed', priceMinor: 25_000 })),
    ]);
    // 2 sets × (200 + 100) = 600 → 2 × 250 = 500: 100 off, split 2:1 over 400 ₽ of coffee, 200 ₽ of croissants.
    expect(totalsById(result)).toEqual({ '1': 53_333, '2': 16_667 });
    expect(result.discountMinor).toBe(10_000);
    expect(
      result.lines.filter((l) => l.lineId === '1').map((l) => [l.quantity, l.unitPriceMinor]),
    ).toEqual([
      [2, 17_778],
      [1, 17_777],
    ]);
  });

  it.each([
    {
      name: 'percent off the sets',
      price: { kind: 'percent' as const, percentBp: 1000 },
      discount: 6000,
    },
    {
      name: 'amount off per set',
      price: { kind: 'amount' as const, amountMinor: 3000 },
      discount: 6000,
    },
  ])('$name', ({ price, discount }) => {
    expect(run(cart, [promo('p', coffeeAndCroissant(price))]).discountMinor).toBe(discount);
  });

  it('max repeats limits the sets', () => {
    const result = run(cart, [
      promo('p', coffeeAndCroissant({ kind: 'amount', amountMinor: 3000 }), {
        limits: { maxRepeats: 1 },
      }),
    ]);
    expect(result.discountMinor).toBe(3000);
  });

  it('refuses a cart without a whole set', () => {
    const result = run(
      [cart[0] ?? line('x', 'X', 1, 1)],
      [promo('p', coffeeAndCroissant({ kind: 'amount', amountMinor: 3000 }))],
    );
    expect(codes(result)).toEqual({ p: 'required_product_missing' });
  });
});
