import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, allocateCapped } from './allocate.ts';

describe('allocate', () => {
  it.each([
    { total: 299, weights: [1000, 1000, 1000], parts: [100, 100, 99] },
    { total: 100, weights: [1, 1, 1], parts: [34, 33, 33] },
    { total: 100, weights: [0, 0], parts: [50, 50] },
    { total: 10, weights: [1, 3], parts: [3, 7] },
    { total: 0, weights: [5, 5], parts: [0, 0] },
    { total: 7, weights: [0, 5, 0], parts: [0, 7, 0] },
    { total: 1, weights: [1, 2], parts: [0, 1] },
  ])('$total over $weights → $parts', ({ total, weights, parts }) => {
    expect(allocate(total, weights)).toEqual(parts);
  });

  it('gives many leftover units to the largest remainders, ties to the earlier index', () => {
    // 200 parts and 101 units left over: past the per-unit scan, found by the cut-off value.
    const weights = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 3 : 1));
    const expected = weights.map((w, i) => (w === 3 ? 5 : i === 1 ? 2 : 1));
    expect(allocate(601, weights)).toEqual(expected);
  });

  it('handles products beyond 2^53 exactly', () => {
    expect(allocate(9_000_000_000_000, [3_000_000, 6_000_000])).toEqual([
      3_000_000_000_000, 6_000_000_000_000,
    ]);
  });

  it('parts always add up to the total and stay within one unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum > 0) {
            parts.forEach((part, i) => {
              const exact = (total * (weights[i] ?? 0)) / sum;
              expect(Math.abs(part - exact)).toBeLessThan(1);
            });
          }
        },
      ),
    );
  });

  it('gives the units left over to the largest remainders, ties to the earlier index', () => {
    // Reference: whole shares, then the remainder by sorting every index by its fraction.
    const reference = (total: number, weights: readonly number[]) => {
      const sum = weights.reduce((a, b) => a + b, 0);
      const w = sum === 0 ? weights.map(() => 1) : weights;
      const d = sum === 0 ? weights.length : sum;
      const parts = w.map((x) => Math.floor((total * x) / d));
      const left = total - parts.reduce((a, b) => a + b, 0);
      const order = w
        .map((_, i) => i)
        .sort((a, b) => ((total * (w[b] ?? 0)) % d) - ((total * (w[a] ?? 0)) % d) || a - b);
      for (const i of order.slice(0, left)) parts[i] = (parts[i] ?? 0) + 1;
      return parts;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }),
        (total, weights) => {
          expect(allocate(total, weights)).toEqual(reference(total, weights));
        },
      ),
    );
    // Wide weights over many parts: remainders spread over every rank bucket, ties are rare.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 300 }),
        (total, weights) => {
          expect(allocate(total, weights)).toEqual(reference(total, weights));
        },
      ),
    );
  });
});

describe('allocateCapped', () => {
  it('spreads the excess of a capped part over the others', () => {
    expect(allocateCapped(300, [100, 100, 100], [50, 1000, 1000])).toEqual([50, 125, 125]);
  });

  it('stops at the sum of the caps', () => {
    expect(allocateCapped(300, [1, 1], [10, 20])).toEqual([10, 20]);
  });

  it('never exceeds a cap and never hands out more than the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })),
          {
            minLength: 1,
            maxLength: 10,
          },
        ),
        (total, pairs) => {
          const weights = pairs.map(([w]) => w);
          const caps = pairs.map(([, c]) => c);
          const parts = allocateCapped(total, weights, caps);
          const sum = parts.reduce((a, b) => a + b, 0);
          expect(sum).toBe(
            Math.min(
              total,
              caps.reduce((a, b) => a + b, 0),
            ),
          );
          parts.forEach((part, i) => {
            expect(part).toBeGreaterThanOrEqual(0);
            expect(part).toBeLessThanOrEqual(caps[i] ?? 0);
          });
        },
      ),
    );
  });
});
