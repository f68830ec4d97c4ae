import { describe, expect, it } from 'vitest';
import { line, promo, run, totalsById } from '../testing/fixtures.ts';

const cart = [line('1', 'A', 10_000, 3), line('2', 'B', 5000, 2), line('3', 'C', 50, 1)];

describe('amount-off', () => {
  it.each([
    { per: 'unit' as const, amount: 1000, totals: { '1': 27_000, '2': 8000, '3': 0 } },
    { per: 'line' as const, amount: 1000, totals: { '1': 29_000, '2': 9000, '3': 0 } },
    // 299 over [30 000, 10 000, 50] by largest remainder → [224, 75, 0]
    { per: 'cart' as const, amount: 299, totals: { '1': 29_776, '2': 9925, '3': 50 } },
  ])('$amount per $per', ({ per, amount, totals }) => {
    const result = run(cart, [
      promo('p', { kind: 'amount-off', scope: {}, amountMinor: amount, per }),
    ]);
    expect(totalsById(result)).toEqual(totals);
  });

  it('"−10 ₽ on up to 2 items" takes the cheapest units', () => {
    const result = run(cart, [
      promo(
        'p',
        { kind: 'amount-off', scope: {}, amountMinor: 1000, per: 'unit' },
        {
          limits: { maxUnitsPerCheck: 2 },
        },
      ),
    ]);
    expect(totalsById(result)).toEqual({ '1': 30_000, '2': 9000, '3': 0 });
  });

  it('per line, max repeats limits the number of lines', () => {
    const result = run(cart, [
      promo(
        'p',
        { kind: 'amount-off', scope: {}, amountMinor: 100, per: 'line' },
        { limits: { maxRepeats: 1 } },
      ),
    ]);
    expect(totalsById(result)).toEqual({ '1': 29_900, '2': 10_000, '3': 50 });
  });

  it('per unit on weighted goods is per kilogram', () => {
    const result = run(
      [{ lineId: 'w', sku: 'CHEESE', unitPriceMinor: 99_990, quantityMilli: 2474 }],
      [promo('p', { kind: 'amount-off', scope: {}, amountMinor: 1000, per: 'unit' })],
    );
    // 99 990 × 2.474 = 247 375.26 → 247 375; −10 ₽/kg × 2.474 = 2 474
    expect(result.lines[0]).toMatchObject({
      regularTotalMinor: 247_375,
      totalMinor: 244_901,
      quantityMilli: 2474,
    });
  });

  it('per cart moves what a line at its minimum price cannot take to the others', () => {
    const result = run(
      [line('1', 'WINE', 50_000, 1, { minPriceMinor: 49_900 }), line('2', 'CHEESE', 50_000, 1)],
      [promo('p', { kind: 'amount-off', scope: {}, amountMinor: 1000, per: 'cart' })],
    );
    expect(totalsById(result)).toEqual({ '1': 49_900, '2': 49_100 });
    expect(result.explanations[0]?.notes).toEqual([]);
  });

  it('per cart under a unit limit goes to the cheapest units, by their value', () => {
    // Cheapest 3 units: C (50) and 2 of B (5 000 each); 1 000 split over [50, 10 000] by largest
    // remainder → [5, 995]; A untouched.
    const result = run(cart, [
      promo(
        'p',
        { kind: 'amount-off', scope: {}, amountMinor: 1000, per: 'cart' },
        { limits: { maxUnitsPerCheck: 3 } },
      ),
    ]);
    expect(totalsById(result)).toEqual({ '1': 30_000, '2': 9005, '3': 45 });
  });

  it('per cart under a unit limit gives no more than those units cost', () => {
    // The one cheapest unit is C at 50: of 1 000 off, only 50 fits.
    const result = run(cart, [
      promo(
        'p',
        { kind: 'amount-off', scope: {}, amountMinor: 1000, per: 'cart' },
        { limits: { maxUnitsPerCheck: 1 } },
      ),
    ]);
    expect(totalsById(result)).toEqual({ '1': 30_000, '2': 10_000, '3': 0 });
  });
});
