import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountTooLarge,
  calculationAmountProblems,
  cartAmountProblems,
  MAX_AMOUNT_MINOR,
  MAX_COUNT,
  MAX_LINES,
  MAX_MULTIPLIER_BP,
  MAX_POINT_VALUE_MINOR,
  MAX_POINTS,
  MAX_QUANTITY,
  MAX_QUANTITY_MILLI,
  MAX_RUNNING_TOTAL,
  MAX_UNIT_PRICE_MINOR,
} from './bounds.ts';
import { mulDivHalfUp } from './rounding.ts';

const SAFE = Number.MAX_SAFE_INTEGER;

describe('domain bounds', () => {
  it('keep every product and sum of in-bound figures below 2^53', () => {
    // A line: price × units, or price × thousandths before dividing by 1 000.
    expect(MAX_UNIT_PRICE_MINOR * MAX_QUANTITY).toBeLessThanOrEqual(SAFE);
    expect((MAX_UNIT_PRICE_MINOR * MAX_QUANTITY_MILLI) / 1000).toBeLessThanOrEqual(SAFE);
    // A cart of in-bound lines, summed before the cart total is checked.
    expect(MAX_LINES * MAX_AMOUNT_MINOR).toBeLessThanOrEqual(SAFE);
    // Points paid for in money, and money turned into points at the largest extra-points rate.
    expect(MAX_POINTS * MAX_POINT_VALUE_MINOR).toBeLessThanOrEqual(SAFE);
    expect((MAX_AMOUNT_MINOR * 100_000) / 10_000).toBeLessThanOrEqual(SAFE);
    expect((MAX_AMOUNT_MINOR * MAX_MULTIPLIER_BP) / 10_000).toBeLessThanOrEqual(SAFE);
    expect(MAX_RUNNING_TOTAL).toBeLessThanOrEqual(SAFE);
    // Counts are stored in PostgreSQL integer columns.
    expect(MAX_COUNT).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('state the chosen numbers', () => {
    expect({
      MAX_LINES,
      MAX_QUANTITY,
      MAX_QUANTITY_MILLI,
      MAX_UNIT_PRICE_MINOR,
      MAX_AMOUNT_MINOR,
      MAX_RUNNING_TOTAL,
      MAX_POINTS,
      MAX_POINT_VALUE_MINOR,
      MAX_COUNT,
      MAX_MULTIPLIER_BP,
    }).toEqual({
      MAX_LINES: 500,
      MAX_QUANTITY: 1e5,
      MAX_QUANTITY_MILLI: 1e8,
      MAX_UNIT_PRICE_MINOR: 1e10,
      MAX_AMOUNT_MINOR: 1e12,
      MAX_RUNNING_TOTAL: 1e15,
      MAX_POINTS: 1e11,
      MAX_POINT_VALUE_MINOR: 1e4,
      MAX_COUNT: 1e9,
      MAX_MULTIPLIER_BP: 1e6,
    });
  });
});

describe('cartAmountProblems', () => {
  it('accepts a line of exactly the largest amount', () => {
    expect(cartAmountProblems([{ unitPriceMinor: 10_000_000_000, quantity: 100 }])).toEqual([]);
  });

  it('names each line past the largest amount, whole units or weighed', () => {
    const problems = cartAmountProblems([
      { unitPriceMinor: 100, quantity: 1 },
      { unitPriceMinor: 10_000_000_000, quantity: 101 },
      { unitPriceMinor: 10_000_000_000, quantityMilli: 100_001 },
    ]);
    expect(problems).toEqual([
      {
        field: '/lines/1',
        code: 'amount_too_large',
        message: 'the line comes to 1010000000000; at most 1 000 000 000 000',
      },
      {
        field: '/lines/2',
        code: 'amount_too_large',
        message: 'the line comes to 1000010000000; at most 1 000 000 000 000',
      },
    ]);
  });

  it('names the lines when each is in bounds but they add up past it', () => {
    const half = { unitPriceMinor: 5_000_000_000, quantity: 100 };
    expect(cartAmountProblems([half, half])).toEqual([]);
    expect(cartAmountProblems([half, half, { unitPriceMinor: 1, quantity: 1 }])).toEqual([
      {
        field: '/lines',
        code: 'amount_too_large',
        message: 'the lines come to 1000000000001; at most 1 000 000 000 000',
      },
    ]);
  });

  it('agrees with exact arithmetic for any in-bound line', () => {
    const line = fc.record({
      unitPriceMinor: fc.integer({ min: 0, max: MAX_UNIT_PRICE_MINOR }),
      quantity: fc.integer({ min: 1, max: MAX_QUANTITY }),
    });
    fc.assert(
      fc.property(line, (l) => {
        const exact = BigInt(l.unitPriceMinor) * BigInt(l.quantity);
        expect(cartAmountProblems([l]).length).toBe(exact > BigInt(MAX_AMOUNT_MINOR) ? 1 : 0);
      }),
    );
  });

  it('rounds a weighed line as the engine does', () => {
    expect(mulDivHalfUp(9999, 2474, 1000)).toBe(24_738);
    expect(cartAmountProblems([{ unitPriceMinor: 9999, quantityMilli: 2474 }])).toEqual([]);
  });
});

describe('calculationAmountProblems', () => {
  const line = { regularTotalMinor: 1000, totalMinor: 900, bonusPoints: 9 };
  const calculation = { lines: [line], subtotalMinor: 1000, totalMinor: 900, bonusPoints: 9 };

  it('passes a calculation in bounds', () => {
    expect(calculationAmountProblems(calculation)).toEqual([]);
  });

  it('refuses amounts or points past the bounds, and NaN, at the lines', () => {
    const gifts = { ...line, regularTotalMinor: MAX_AMOUNT_MINOR + 1 };
    expect(calculationAmountProblems({ ...calculation, lines: [line, gifts] })).toEqual([
      {
        field: '/lines',
        code: 'amount_too_large',
        message: 'the check would come to 1000000000001; at most 1 000 000 000 000',
      },
    ]);
    expect(calculationAmountProblems({ ...calculation, bonusPoints: 2e11 })[0]?.message).toBe(
      'the check would earn 200000000000 bonus points; at most 100 000 000 000',
    );
    expect(calculationAmountProblems({ ...calculation, totalMinor: Number.NaN })).toHaveLength(1);
  });
});

describe('amountTooLarge', () => {
  it('is a 422 listing every problem', () => {
    const problems = cartAmountProblems([
      { unitPriceMinor: MAX_UNIT_PRICE_MINOR, quantity: MAX_QUANTITY },
      { unitPriceMinor: MAX_UNIT_PRICE_MINOR, quantity: MAX_QUANTITY },
    ]);
    const error = amountTooLarge(problems);
    expect(error).toMatchObject({
      kind: 'unprocessable',
      code: 'amount_too_large',
      field: '/lines/0',
      message: '2 amounts are too large',
    });
    expect(error.problems.map((p) => p.field)).toEqual(['/lines/0', '/lines/1']);
  });
});
