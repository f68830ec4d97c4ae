import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PerkError } from '../errors.ts';
import { assertNonNegativeInteger, assertSafeInteger, mulDiv } from './integers.ts';

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

  it('refuses a zero divisor and fractional inputs as out of range (422)', () => {
    const outOfRange = expect.objectContaining({
      kind: 'unprocessable',
      code: 'amount_out_of_range',
    });
    expect(() => mulDiv(1, 1, 0, 'down')).toThrow(outOfRange);
    expect(() => mulDiv(1.5, 1, 1, 'down')).toThrow(outOfRange);
  });

  it('refuses a result past 2^53 as too large (422)', () => {
    expect(() => mulDiv(9_007_199_254_740_991, 3, 2, 'down')).toThrow(
      expect.objectContaining({ kind: 'unprocessable', code: 'amount_too_large' }),
    );
  });

  it('throws nothing but Perk errors, whatever number it gets', () => {
    const extreme = fc.oneof(
      fc.double(),
      fc.constantFrom(2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e308, -0, -1, Number.NaN, -Infinity),
      fc.integer(),
    );
    fc.assert(
      fc.property(extreme, extreme, extreme, fc.constantFrom('down', 'half_up'), (a, b, d, r) => {
        try {
          const result = mulDiv(a, b, d, r as 'down' | 'half_up');
          expect(Number.isSafeInteger(result)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(PerkError);
        }
      }),
    );
  });
});

describe('assertNonNegativeInteger', () => {
  it('accepts zero and refuses negatives, fractions, NaN and unsafe integers', () => {
    expect(() => assertNonNegativeInteger('x', 0)).not.toThrow();
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => assertNonNegativeInteger('x', bad)).toThrow(
        expect.objectContaining({
          code: 'amount_out_of_range',
          message: expect.stringContaining('x'),
        }),
      );
    }
  });

  it('assertSafeInteger takes negatives but not fractions or unsafe integers', () => {
    expect(() => assertSafeInteger('balance', -5)).not.toThrow();
    for (const bad of [0.5, -(2 ** 53), Number.NaN]) {
      expect(() => assertSafeInteger('balance', bad)).toThrow(PerkError);
    }
  });
});
