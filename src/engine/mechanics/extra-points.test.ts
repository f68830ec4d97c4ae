import { describe, expect, it } from 'vitest';
import { codes, line, promo, run } from '../testing/fixtures.ts';
import type { ExtraPointsArgs } from './extra-points.ts';

const points = (award: ExtraPointsArgs['award'], scope?: ExtraPointsArgs['scope']) =>
  promo('p', { kind: 'extra-points', award, ...(scope === undefined ? {} : { scope }) });

const cart = [
  line('1', 'A', 20_000, 1),
  line('2', 'B', 27_000, 1),
  line('3', 'TOBACCO', 30_000, 1, { noAccrual: true }),
];

describe('extra-points', () => {
  it('fixed points are split over the lines that accrue, by amount', () => {
    const result = run(cart, [points({ kind: 'fixed', points: 200 })]);
    expect(result.lines.map((l) => l.bonusPoints)).toEqual([85, 115, 0]);
    expect(result.bonusPoints).toBe(200);
    expect(result.totalMinor).toBe(77_000);
  });

  it('a percent of the paid amount is rounded down once: 3% of 470.00 ₽ → 14 points', () => {
    const result = run(cart, [points({ kind: 'percent', percentBp: 300 })]);
    expect(result.bonusPoints).toBe(14);
    expect(result.lines.map((l) => l.bonusPoints)).toEqual([6, 8, 0]);
  });

  it('a multiplier adds to the base accrual rate', () => {
    const result = run(
      cart,
      [points({ kind: 'multiplier', multiplierBp: 20_000 }, { skus: ['B'] })],
      {
        context: { accrualRateBp: 500 },
      },
    );
    // double of 5% on 270 ₽ → 13 extra points
    expect(result.bonusPoints).toBe(13);
    expect(result.lines[1]?.bonusByPromotion).toEqual([{ promotionId: 'p', points: 13 }]);
  });

  it('a multiplier without a base rate explains itself', () => {
    const result = run(cart, [points({ kind: 'multiplier', multiplierBp: 20_000 })]);
    expect(codes(result)).toEqual({ p: 'no_base_accrual' });
  });
});
