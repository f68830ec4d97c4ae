import { describe, expect, it } from 'vitest';
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
});
