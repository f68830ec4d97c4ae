import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

const backoff = { baseMs: 10_000, capMs: 3_600_000 };

describe('retry backoff', () => {
  it.each([
    [1, 0, 5_000],
    [1, 0.999_999, 10_000],
    [2, 0, 10_000],
    [3, 0.5, 30_000],
    [9, 0, 1_280_000],
    [10, 0, 1_800_000],
    [10, 0.999_999_9, 3_600_000],
    [60, 0, 1_800_000],
  ])('after %i failures with jitter %d waits %i ms', (attempts, random, expected) => {
    expect(retryDelayMs(attempts, backoff, () => random)).toBe(expected);
  });

  it('stays between half the exponential step and the step, never above the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (n, r) => {
          const step = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(n - 1, 30));
          const delay = retryDelayMs(n, backoff, () => r);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(step / 2);
          expect(delay).toBeLessThanOrEqual(step);
        },
      ),
    );
  });
});
