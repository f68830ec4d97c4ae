import { describe, expect, it } from 'vitest';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import { codes, line, promo, run } from '../testing/fixtures.ts';
import type { ExtraPointsArgs } from './extra-points.ts';

const points = (award: ExtraPointsArgs['award'], scope?: ExtraPointsArgs['scope']) =>
  promo('p', { kind: 'extra-points', award, ...(scope === undefined ? {} : { scope }) });

const limited = (award: ExtraPointsArgs['award'], limits: PromotionDefinition['limits']) =>
  promo('p', { kind: 'extra-points', award }, { limits });

/** 100.00, 50.00 and 70.00 ₽, one unit each. */
const threeUnits = [line('1', 'A', 10_000, 1), line('2', 'B', 5000, 1), line('3', 'C', 7000, 1)];

/** Weighed cheese (99.99 ₽/kg × 2.474 kg = 247.38 ₽, one unit) and 2 × 300.00 ₽. */
const withWeighed = [
  { lineId: 'w', sku: 'CHEESE', unitPriceMinor: 9999, quantityMilli: 2474 },
  line('x', 'X', 30_000, 2),
];

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

  describe('with a unit limit, on the cheapest units only', () => {
    it.each([
      {
        name: '+5% on up to 2 units: on 50.00 + 70.00 → 6 points, the tie to the earlier line',
        award: { kind: 'percent', percentBp: 500 } as const,
        limits: { maxUnitsPerCheck: 2 },
        lines: [0, 3, 3],
      },
      {
        name: 'max repeats caps the units of a percent award, as in percent-off',
        award: { kind: 'percent', percentBp: 500 } as const,
        limits: { maxRepeats: 2 },
        lines: [0, 3, 3],
      },
      {
        name: 'fixed 100 points over 50.00 and 70.00 → 42 + 58',
        award: { kind: 'fixed', points: 100 } as const,
        limits: { maxUnitsPerCheck: 2 },
        lines: [0, 42, 58],
      },
      {
        name: 'double of 5% on up to 1 unit: 5% of 50.00 → 2 extra points',
        award: { kind: 'multiplier', multiplierBp: 20_000 } as const,
        limits: { maxUnitsPerCheck: 1 },
        lines: [0, 2, 0],
      },
      {
        name: 'a limit above the units in scope changes nothing: 5% of 220.00 → 11 points',
        award: { kind: 'percent', percentBp: 500 } as const,
        limits: { maxUnitsPerCheck: 3 },
        lines: [5, 3, 3],
      },
    ])('$name', ({ award, limits, lines }) => {
      const result = run(threeUnits, [limited(award, limits)], {
        context: { accrualRateBp: 500 },
      });
      expect(result.lines.map((l) => l.bonusPoints)).toEqual(lines);
    });

    it('counts units within a line: 3% on 2 of 3 × 100.00 → 6 points, none on 150.00', () => {
      const result = run(
        [line('1', 'A', 10_000, 3), line('2', 'B', 15_000, 1)],
        [limited({ kind: 'percent', percentBp: 300 }, { maxUnitsPerCheck: 2 })],
      );
      expect(result.lines.map((l) => [l.lineId, l.bonusPoints])).toEqual([
        ['1', 6],
        ['2', 0],
      ]);
    });

    it('ties between equal prices go to the earlier lines', () => {
      const result = run(
        [line('1', 'A', 5000, 1), line('2', 'B', 5000, 1), line('3', 'C', 5000, 1)],
        [limited({ kind: 'fixed', points: 3 }, { maxUnitsPerCheck: 2 })],
      );
      expect(result.lines.map((l) => l.bonusPoints)).toEqual([2, 1, 0]);
    });

    it.each([
      { maxUnits: 1, lines: [24, 0], name: '10% of the weighed 247.38 → 24' },
      { maxUnits: 2, lines: [24, 30], name: '10% of 247.38 + 300.00 → 54' },
    ])('a weighed line is one unit: $name', ({ maxUnits, lines }) => {
      const result = run(withWeighed, [
        limited({ kind: 'percent', percentBp: 1000 }, { maxUnitsPerCheck: maxUnits }),
      ]);
      expect(result.lines.map((l) => l.bonusPoints)).toEqual(lines);
    });
  });

  describe('a fixed award per units', () => {
    const cart = [line('1', 'A', 10_000, 3), line('2', 'B', 5000, 1)];
    const perTwo = { kind: 'fixed', points: 50, perUnits: 2 } as const;

    it.each([
      { name: '4 units → twice 50, split 86 + 14', limits: {}, lines: [86, 14] },
      { name: 'max repeats 1 → 50, split 43 + 7', limits: { maxRepeats: 1 }, lines: [43, 7] },
      {
        name: 'up to 3 units: 50.00 and 2 × 100.00 → once, split 40 + 10',
        limits: { maxUnitsPerCheck: 3 },
        lines: [40, 10],
      },
    ])('$name', ({ limits, lines }) => {
      const result = run(cart, [limited(perTwo, limits)]);
      expect(result.lines.map((l) => l.bonusPoints)).toEqual(lines);
    });

    it('says how many units are missing', () => {
      const result = run([line('1', 'A', 10_000, 1)], [limited(perTwo, {})]);
      expect(codes(result)).toEqual({ p: 'min_quantity_not_met' });
      expect(result.explanations[0]?.params).toMatchObject({ missingUnits: 1 });
    });
  });
});
