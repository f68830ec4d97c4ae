import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_MINOR } from '../engine/money/bounds.ts';
import { parseQuantityMilli, parseRoubles, roublesOf } from './decimal-amount.ts';

describe('roubles read exactly, as numbers or numeric strings', () => {
  it.each([
    [99.67, 9967],
    ['99.67', 9967],
    [' 99.6 ', 9960],
    [0.29, 29],
    [1.005e2, 10_050],
    ['0', 0],
    [-0, 0],
    [10_000_000_000, 1_000_000_000_000],
  ])('%s → %i kopecks', (value, minor) => {
    expect(parseRoubles(value)).toEqual({ ok: true, value: minor });
  });

  it.each([
    [0.1 + 0.2, 'has more than 2 decimal places'],
    ['1.001', 'has more than 2 decimal places'],
    [-1, '"-1" is not a non-negative decimal'],
    ['1e3', '"1e3" is not a non-negative decimal'],
    [1e21, '"1e+21" is not a non-negative decimal'],
    [1e308, '"1e+308" is not a non-negative decimal'],
    ['10000000000.01', 'is above 10000000000'],
    ['12,50', '"12,50" is not a non-negative decimal'],
    [Number.NaN, '"NaN" is not a non-negative decimal'],
    [true, 'must be a number or a numeric string'],
  ])('%s is refused: %s', (value, message) => {
    expect(parseRoubles(value)).toEqual({ ok: false, message });
  });

  it('reads quantities in thousandths and writes kopecks back as roubles', () => {
    expect(parseQuantityMilli(2.474)).toEqual({ ok: true, value: 2474 });
    expect(parseQuantityMilli('3')).toEqual({ ok: true, value: 3000 });
    expect(roublesOf(9967)).toBe(99.67);
    expect(JSON.stringify(roublesOf(29_898))).toBe('298.98');
  });

  it('reads back every kopeck amount it writes, up to the largest amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }), (minor) => {
        expect(parseRoubles(roublesOf(minor))).toEqual({ ok: true, value: minor });
        expect(parseRoubles(JSON.stringify(roublesOf(minor)))).toEqual({ ok: true, value: minor });
      }),
      { numRuns: 2000 },
    );
  });
});
