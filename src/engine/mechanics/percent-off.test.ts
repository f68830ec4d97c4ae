import { describe, expect, it } from 'vitest';
import { codes, line, promo, run, totalsById } from '../testing/fixtures.ts';

const oils = { categoryIds: ['oils'] };

describe('percent-off', () => {
  it.each([
    { name: '19.99 with 25% off → 14.99', price: 1999, qty: 1, bp: 2500, total: 1499 },
    { name: '15% off 3 × 100.00', price: 10_000, qty: 3, bp: 1500, total: 25_500 },
    { name: '33% off 3 × 0.99 rounds once per line', price: 99, qty: 3, bp: 3300, total: 199 },
  ])('$name', ({ price, qty, bp, total }) => {
    const result = run(
      [line('1', 'OIL', price, qty, oils)],
      [promo('p', { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: bp })],
    );
    expect(result.totalMinor).toBe(total);
  });

  it('touches only lines in scope', () => {
    const result = run(
      [line('1', 'OIL', 50_000, 1, oils), line('2', 'BREAD', 5000, 1)],
      [promo('p', { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1500 })],
    );
    expect(totalsById(result)).toEqual({ '1': 42_500, '2': 5000 });
  });

  it('with a unit limit discounts only the cheapest units', () => {
    const result = run(
      [line('1', 'A', 30_000, 2, oils), line('2', 'B', 10_000, 1, oils)],
      [
        promo(
          'p',
          { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1000 },
          {
            limits: { maxUnitsPerCheck: 2 },
          },
        ),
      ],
    );
    expect(totalsById(result)).toEqual({ '1': 57_000, '2': 9000 });
  });

  it('refuses a cart without products in scope', () => {
    const result = run(
      [line('1', 'BREAD', 5000, 1, { categoryIds: ['bakery'] })],
      [
        promo(
          'p',
          { kind: 'percent-off', scope: {}, percentBp: 1000 },
          { conditions: { mustContain: { skus: ['X'] } } },
        ),
      ],
    );
    expect(codes(result)).toEqual({ p: 'required_product_missing' });
  });

  it('explains a product flagged no-discount', () => {
    const result = run(
      [line('1', 'OIL', 50_000, 1, { ...oils, noDiscount: true })],
      [promo('p', { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1000 })],
    );
    expect(codes(result)).toEqual({ p: 'product_excluded' });
    expect(result.totalMinor).toBe(50_000);
  });
});
