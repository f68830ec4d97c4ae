import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.ts';

describe('allocate', () => {
  it.each([
    [299, [1000, 1000, 1000], [100, 100, 99]],
    [100, [1, 1, 1], [34, 33, 33]],
    [14, [12_000, 35_000], [4, 10]],
    [10, [0, 5, 0], [0, 10, 0]],
    [5, [0, 0], [3, 2]],
    [0, [3, 7], [0, 0]],
    [7, [2, 1], [5, 2]],
    [1, [1, 3], [0, 1]],
  ])('splits %i over %j as %j', (total, weights, expected) => {
    expect(allocate(total, weights)).toEqual(expected);
  });

  it('answers an empty list for nothing over no weights', () => {
    expect(allocate(0, [])).toEqual([]);
  });

  it('refuses a positive total over no weights as a bug, negative inputs as out of range', () => {
    expect(() => allocate(1, [])).toThrow(RangeError);
    const outOfRange = expect.objectContaining({ code: 'amount_out_of_range' });
    expect(() => allocate(-1, [1])).toThrow(outOfRange);
    expect(() => allocate(1, [-1, 2])).toThrow(outOfRange);
    expect(() => allocate(1.5, [1])).toThrow(outOfRange);
  });

  it('keeps the parts summing to the total, each within 1 of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const allZero = weights.every((w) => w === 0);
          const effective = allZero ? weights.map(() => 1) : weights;
          const sum = effective.reduce((a, b) => a + b, 0);
          parts.forEach((part, i) => {
            // part − exact share, scaled by the weight sum to stay in integers
            const scaledGap =
              BigInt(part) * BigInt(sum) - BigInt(total) * BigInt(effective[i] ?? 0);
            expect(scaledGap > -BigInt(sum) && scaledGap < BigInt(sum)).toBe(true);
          });
        },
      ),
    );
  });
});
