import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PerkError } from '../../errors.ts';
import { compareRatios, mulDivFloor, mulDivHalfUp, percentOfHalfUp } from './rounding.ts';

describe('rounding', () => {
  it.each([
    { amount: 1999, bp: 2500, discount: 500 }, // 19.99 − 25% → 14.99 (Saleor #12040)
    { amount: 10_000, bp: 1000, discount: 1000 },
    { amount: 9000, bp: 1000, discount: 900 },
    { amount: 5, bp: 1000, discount: 1 }, // 0.5 rounds up
    { amount: 4, bp: 1000, discount: 0 },
  ])('$bp bp of $amount is $discount', ({ amount, bp, discount }) => {
    expect(percentOfHalfUp(amount, bp)).toBe(discount);
  });

  it('weighted line total: 9 999 × 2.474 kg → 24 738', () => {
    expect(mulDivHalfUp(9999, 2474, 1000)).toBe(24_738);
  });

  it('stays exact beyond 2^53', () => {
    expect(mulDivHalfUp(9_000_000_000_000, 3000, 7000)).toBe(3_857_142_857_143);
    expect(mulDivFloor(9_000_000_000_000, 3000, 7000)).toBe(3_857_142_857_142);
  });

  it('compares ratios without division', () => {
    expect(compareRatios(1, 3, 2, 6)).toBe(0);
    expect(compareRatios(29_900, 3, 9966, 1)).toBe(1);
    expect(compareRatios(1, 2, 2, 3)).toBe(-1);
  });

  it('refuses a result past 2^53 and inputs that are no amounts with a Perk error (422)', () => {
    const tooLarge = expect.objectContaining({ kind: 'unprocessable', code: 'amount_too_large' });
    expect(() => mulDivFloor(9_007_199_254_740_991, 3, 2)).toThrow(tooLarge);
    expect(() => mulDivHalfUp(Number.POSITIVE_INFINITY, 2, 1)).toThrow(tooLarge);
    expect(() => mulDivHalfUp(1e308, 100, 1)).toThrow(tooLarge);
    expect(() => mulDivFloor(Number.NaN, 1, 1)).toThrow(tooLarge);
    expect(() => compareRatios(2 ** 60, 1, 1, Number.NaN)).toThrow(tooLarge);
  });

  it('throws nothing but Perk errors, whatever number it gets', () => {
    const extreme = fc.oneof(
      fc.double(),
      fc.constantFrom(2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e308, -0, -1, Number.NaN, Infinity),
      fc.nat(),
    );
    const perkOnly = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(PerkError);
      }
    };
    fc.assert(
      fc.property(extreme, extreme, extreme, extreme, (a, b, c, d) => {
        perkOnly(() => mulDivHalfUp(a, b, c));
        perkOnly(() => mulDivFloor(a, b, c));
        perkOnly(() => compareRatios(a, b, c, d));
      }),
    );
  });

  it('agrees with exact BigInt arithmetic on the fast path and past it', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10 ** 12 }),
        fc.nat({ max: 10 ** 6 }),
        fc.integer({ min: 1000, max: 10 ** 6 }),
        (a, b, c) => {
          const exact = BigInt(a) * BigInt(b);
          expect(mulDivFloor(a, b, c)).toBe(Number(exact / BigInt(c)));
          expect(mulDivHalfUp(a, b, c)).toBe(Number((2n * exact + BigInt(c)) / (2n * BigInt(c))));
        },
      ),
    );
  });
});
