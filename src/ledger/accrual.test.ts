import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccrualLine, accrue } from './accrual.ts';
import { defaultProgramSettings } from './program-settings.ts';

const line = (lineId: string, paidMinor: number, rateBp: number): AccrualLine => ({
  lineId,
  paidMinor,
  rateBp,
  noAccrual: false,
  excluded: false,
});
const rubles = { pointValueMinor: 100, rounding: 'down' as const, checkBonusPoints: 0 };

describe('accrue', () => {
  it('gives 120 points on a 1 200 ₽ check at 10% (tier example from the seeds)', () => {
    const result = accrue({ ...rubles, lines: [line('a', 120_000, 1_000)] });
    expect(result.points).toBe(120);
    expect(result.lines).toEqual([
      { lineId: 'a', ratePoints: 120, bonusPoints: 0, checkBonusPoints: 0, points: 120 },
    ]);
  });

  it('gives 36 points on 1 200 ₽ in the seed programme (3% cashback, 1 point = 1 ₽)', () => {
    const { accrualRateBp, pointValueMinor, accrualRounding } = defaultProgramSettings;
    const lines = [line('a', 100_000, accrualRateBp), line('b', 20_000, accrualRateBp)];
    const result = accrue({
      lines,
      pointValueMinor,
      rounding: accrualRounding,
      checkBonusPoints: 0,
    });
    expect(result.lines.map((l) => l.points)).toEqual([30, 6]);
    expect(result.points).toBe(36);
  });

  it('rounds 3% of 470.00 ₽ once on the sum, not per line: 14 points', () => {
    // Per line it would be floor(3.6) + floor(10.5) = 13.
    const result = accrue({ ...rubles, lines: [line('a', 12_000, 300), line('b', 35_000, 300)] });
    expect(result.points).toBe(14);
    expect(result.lines.map((l) => l.ratePoints)).toEqual([4, 10]);
  });

  it('rounds half up when the programme says so', () => {
    const lines = [line('a', 45_000, 300)]; // 13.5 points
    expect(accrue({ ...rubles, lines }).points).toBe(13);
    expect(accrue({ ...rubles, rounding: 'half_up', lines }).points).toBe(14);
  });

  it('computes each rate on its own lines (3% cashback with double points on one line)', () => {
    const lines = [line('milk', 10_000, 300), line('bread', 9_900, 300), line('cream', 5_050, 600)];
    const result = accrue({ ...rubles, lines });
    // 3% of 199.00 ₽ = 5.97 → 5, split 3/2 by money; 6% of 50.50 ₽ = 3.03 → 3.
    expect(result.lines.map((l) => l.ratePoints)).toEqual([3, 2, 3]);
    expect(result.points).toBe(8);
  });

  it('converts with the point value: 1 point = 0.50 ₽ doubles the points', () => {
    const result = accrue({ ...rubles, pointValueMinor: 50, lines: [line('a', 47_000, 300)] });
    expect(result.points).toBe(28);
  });

  it('gives excluded lines no rate points but lets them carry promotion bonuses', () => {
    const lines = [
      { ...line('tobacco', 30_000, 300), noAccrual: true, bonusPoints: 5 },
      { ...line('sale', 10_000, 300), excluded: true, bonusPoints: 7 },
      line('bread', 10_000, 300),
    ];
    const result = accrue({ ...rubles, checkBonusPoints: 11, lines });
    expect(result.lines).toEqual([
      { lineId: 'tobacco', ratePoints: 0, bonusPoints: 0, checkBonusPoints: 0, points: 0 },
      { lineId: 'sale', ratePoints: 0, bonusPoints: 7, checkBonusPoints: 6, points: 13 },
      { lineId: 'bread', ratePoints: 3, bonusPoints: 0, checkBonusPoints: 5, points: 8 },
    ]);
    expect(result.points).toBe(21);
    expect(result.refusedBonusPoints).toBe(5);
  });

  it('refuses a check bonus when every line is no-accrual', () => {
    const lines = [{ ...line('vodka', 100_000, 300), noAccrual: true }];
    const result = accrue({ ...rubles, checkBonusPoints: 200, lines });
    expect(result).toEqual({
      lines: [{ lineId: 'vodka', ratePoints: 0, bonusPoints: 0, checkBonusPoints: 0, points: 0 }],
      points: 0,
      refusedBonusPoints: 200,
    });
  });

  it('splits "spend 5 000, get +200 points" over the lines by money paid, ties to the first', () => {
    const lines = [line('a', 250_000, 0), line('b', 250_000, 0), line('c', 0, 0)];
    const result = accrue({ ...rubles, checkBonusPoints: 201, lines });
    expect(result.lines.map((l) => l.checkBonusPoints)).toEqual([101, 100, 0]);
  });

  it('keeps the lines summing to the check, never above the exact rate amount', () => {
    const arbitraryLine = fc.record({
      lineId: fc.string(),
      paidMinor: fc.integer({ min: 0, max: 10_000_000 }),
      rateBp: fc.constantFrom(0, 300, 500, 1_000),
      noAccrual: fc.boolean(),
      excluded: fc.boolean(),
      bonusPoints: fc.integer({ min: 0, max: 500 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryLine, { maxLength: 12 }), fc.nat(1_000), (lines, bonus) => {
        const result = accrue({ ...rubles, checkBonusPoints: bonus, lines });
        const sum = result.lines.reduce((total, l) => total + l.points, 0);
        expect(sum).toBe(result.points);
        const offered = bonus + lines.reduce((total, l) => total + l.bonusPoints, 0);
        const bonuses = result.lines.reduce((t, l) => t + l.bonusPoints + l.checkBonusPoints, 0);
        expect(bonuses + result.refusedBonusPoints).toBe(offered);
        // Compared scaled by 10 000 bp × 100 kopecks to stay in integers.
        const scaledExact = lines
          .filter((l) => !l.noAccrual && !l.excluded)
          .reduce((total, l) => total + l.paidMinor * l.rateBp, 0);
        const ratePoints = result.lines.reduce((total, l) => total + l.ratePoints, 0);
        expect(ratePoints * 1_000_000).toBeLessThanOrEqual(scaledExact);
      }),
    );
  });
});
