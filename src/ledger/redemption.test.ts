import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  planRedemption,
  type RedemptionInput,
  type RedemptionLine,
  redemptionLimit,
} from './redemption.ts';

const line = (lineId: string, amountMinor: number, noPointsPayment = false): RedemptionLine => ({
  lineId,
  amountMinor,
  noPointsPayment,
});
const cart = (overrides: Partial<RedemptionInput>): RedemptionInput => ({
  lines: [line('a', 120_000)],
  maxShareBp: 2_000,
  minMoneyPaidMinor: 0,
  pointValueMinor: 100,
  activeBalance: 10_000,
  ...overrides,
});

describe('redemptionLimit', () => {
  it('lets points pay up to 20% of a 1 200 ₽ check: 240 points', () => {
    expect(redemptionLimit(cart({}))).toEqual({
      maxPoints: 240,
      maxMoneyMinor: 24_000,
      limitPoints: 240,
      limitedBy: 'share',
    });
  });

  it('lets points pay 600 ₽ of 1 200 ₽ at 50% (tier example from the seeds)', () => {
    expect(redemptionLimit(cart({ maxShareBp: 5_000 })).maxMoneyMinor).toBe(60_000);
  });

  it('takes the share of the lines points may pay for, not of the whole check', () => {
    const lines = [line('food', 100_000), line('tobacco', 20_000, true)];
    expect(redemptionLimit(cart({ lines })).maxPoints).toBe(200);
  });

  it('leaves at least the minimum in money', () => {
    const limit = redemptionLimit(cart({ maxShareBp: 10_000, minMoneyPaidMinor: 110_000 }));
    expect(limit).toEqual({
      maxPoints: 100,
      maxMoneyMinor: 10_000,
      limitPoints: 100,
      limitedBy: 'min_money',
    });
  });

  it('never goes above the active balance, nor below zero when the customer owes points', () => {
    expect(redemptionLimit(cart({ activeBalance: 57 }))).toMatchObject({
      maxPoints: 57,
      limitPoints: 240,
      limitedBy: 'balance',
    });
    expect(redemptionLimit(cart({ activeBalance: -30 })).maxPoints).toBe(0);
  });

  it('spends only whole points: at 3 kopecks a point, 1.00 ₽ buys 33 points', () => {
    const limit = redemptionLimit(cart({ lines: [line('a', 500)], pointValueMinor: 3 }));
    expect(limit).toMatchObject({ maxPoints: 33, maxMoneyMinor: 99 });
  });

  it('allows nothing when no line may be paid by points', () => {
    const limit = redemptionLimit(cart({ lines: [line('vodka', 90_000, true)] }));
    expect(limit).toEqual({
      maxPoints: 0,
      maxMoneyMinor: 0,
      limitPoints: 0,
      limitedBy: 'no_eligible_lines',
    });
  });
});

describe('planRedemption', () => {
  it('splits 299 points over three equal lines as 100, 100, 99 in points and money', () => {
    const lines = [line('a', 100_000), line('b', 100_000), line('c', 100_000)];
    const plan = planRedemption(cart({ lines, maxShareBp: 5_000 }), 299);
    expect(plan).toEqual({
      ok: true,
      points: 299,
      moneyMinor: 29_900,
      lines: [
        { lineId: 'a', points: 100, moneyMinor: 9_967 },
        { lineId: 'b', points: 100, moneyMinor: 9_967 },
        { lineId: 'c', points: 99, moneyMinor: 9_966 },
      ],
    });
  });

  it('gives lines that points may not pay for nothing', () => {
    const lines = [line('food', 30_000), line('tobacco', 50_000, true), line('tea', 10_000)];
    const plan = planRedemption(cart({ lines, maxShareBp: 10_000 }), 7);
    expect(plan).toEqual({
      ok: true,
      points: 7,
      moneyMinor: 700,
      lines: [
        { lineId: 'food', points: 5, moneyMinor: 525 },
        { lineId: 'tobacco', points: 0, moneyMinor: 0 },
        { lineId: 'tea', points: 2, moneyMinor: 175 },
      ],
    });
  });

  it('accepts spending nothing', () => {
    expect(planRedemption(cart({}), 0)).toEqual({
      ok: true,
      points: 0,
      moneyMinor: 0,
      lines: [{ lineId: 'a', points: 0, moneyMinor: 0 }],
    });
  });

  it.each([
    ['a fraction', cart({}), 1.5, 'redemption_invalid_points', 240],
    ['a negative number', cart({}), -1, 'redemption_invalid_points', 240],
    ['no eligible line', cart({ lines: [line('a', 100, true)] }), 1, 'redemption_not_allowed', 0],
    ['more than the balance', cart({ activeBalance: 100 }), 101, 'redemption_exceeds_balance', 100],
    ['more than 20%', cart({}), 241, 'redemption_exceeds_limit', 240],
  ] as const)('refuses %s', (_, input, requested, code, maxPoints) => {
    expect(planRedemption(input, requested)).toEqual({ ok: false, code, maxPoints });
  });

  it('never gives a line more money than its amount, and the parts add up', () => {
    const arbitraryLine = fc.record({
      lineId: fc.string(),
      amountMinor: fc.integer({ min: 0, max: 5_000_000 }),
      noPointsPayment: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryLine, { maxLength: 10 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.nat(100_000),
        (lines, maxShareBp, pointValueMinor, requested) => {
          const input = cart({ lines, maxShareBp, pointValueMinor, activeBalance: 1_000_000 });
          const points = Math.min(requested, redemptionLimit(input).maxPoints);
          const plan = planRedemption(input, points);
          if (!plan.ok) throw new Error(plan.code);
          expect(plan.lines.reduce((t, l) => t + l.points, 0)).toBe(points);
          expect(plan.lines.reduce((t, l) => t + l.moneyMinor, 0)).toBe(points * pointValueMinor);
          plan.lines.forEach((l, i) => {
            expect(l.moneyMinor).toBeLessThanOrEqual(lines[i]?.amountMinor ?? 0);
          });
        },
      ),
    );
  });
});
