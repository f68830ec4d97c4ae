import { describe, expect, it } from 'vitest';
import { assertNonNegativeInteger, mulDiv } from './integers.ts';

describe('mulDiv', () => {
  it.each([
    [47_000, 300, 1_000_000, 'down', 14],
    [47_000, 300, 1_000_000, 'half_up', 14],
    [50_000, 300, 1_000_000, 'down', 15],
    [15, 1, 10, 'down', 1],
    [15, 1, 10, 'half_up', 2],
    [14, 1, 10, 'half_up', 1],
    [0, 7, 3, 'down', 0],
  ] as const)('%i × %i / %i rounded %s is %i', (a, b, d, rounding, expected) => {
    expect(mulDiv(a, b, d, rounding)).toBe(expected);
  });

  it('stays exact when the product exceeds 2^53', () => {
    expect(mulDiv(9_007_199_254_740_991, 3, 3, 'down')).toBe(9_007_199_254_740_991);
  });

  it('refuses a zero divisor and fractional inputs as bugs', () => {
    expect(() => mulDiv(1, 1, 0, 'down')).toThrow(RangeError);
    expect(() => mulDiv(1.5, 1, 1, 'down')).toThrow(RangeError);
  });
});

describe('assertNonNegativeInteger', () => {
  it('accepts zero and refuses negatives, fractions and NaN', () => {
    expect(() => assertNonNegativeInteger('x', 0)).not.toThrow();
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => assertNonNegativeInteger('x', bad)).toThrow(RangeError);
    }
  });
});
