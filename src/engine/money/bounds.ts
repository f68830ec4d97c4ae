import { type FieldProblem, PerkError } from '../../errors.ts';
import { mulDivHalfUp } from './rounding.ts';

/**
 * Domain bounds: the largest value every amount, price, points figure and count may take, chosen
 * so that no computation on in-bound input passes 2^53 (9.007 × 10^15), where doubles stop holding
 * every integer. Request schemas carry them as `maximum` (so the OpenAPI document shows them and a
 * bigger value, 1e308 or a value past 2^53 included, is a 400 `out_of_range` at its field); the
 * few products of in-bound values that
 * could still grow too large are checked once per cart ({@link cartAmountProblems}, before the
 * engine runs) and once per result ({@link calculationAmountProblems}, after it), never inside the
 * engine's per-line loops.
 *
 * Every bound sits orders of magnitude above real retail figures:
 * - a line holds at most 100 000 units or 100 t weighed (in thousandths), a cart 500 lines;
 * - a unit costs at most 10^10 minor units (100 000 000.00), so price × quantity ≤ 10^15 is exact;
 * - a line, a check, a payment and any configured amount compared with them are at most 10^12
 *   (10 000 000 000.00): 500 lines sum to at most 5 × 10^14, and an amount times a rate of up to
 *   100 000 basis points is computed exactly (`mulDivHalfUp` switches to BigInt past 2^53, which
 *   in-bound amounts up to 9 × 10^10 never reach);
 * - running totals over many checks (budgets, tier thresholds, segment bounds) are at most 10^15;
 * - a points figure is at most 10^11 and a point is worth at most 10^4 minor units (100.00), so
 *   points × point value ≤ 10^15; a balance would need 90 000 checks of the largest accrual to
 *   pass 2^53;
 * - counts (uses, repeats, limits, priorities) are at most 10^9, which fits PostgreSQL `integer`
 *   columns (2^31 − 1);
 * - a points multiplier is at most 1 000 000 basis points (×100).
 */

/** Most lines in one cart or check. */
export const MAX_LINES = 500;
/** Most whole units on one line. */
export const MAX_QUANTITY = 100_000;
/** Most thousandths on one weighed line (100 t). */
export const MAX_QUANTITY_MILLI = 100_000_000;
/** Largest price of one unit (or one kilogram), in minor units: 100 000 000.00. */
export const MAX_UNIT_PRICE_MINOR = 10_000_000_000;
/** Largest amount of a line, a check or a payment, and of a configured amount compared with one. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;
/** Largest running total over many checks: a budget (money or points), a tier threshold. */
export const MAX_RUNNING_TOTAL = 1_000_000_000_000_000;
/** Largest points figure: a redemption, an adjustment, a bonus, the points of one check. */
export const MAX_POINTS = 100_000_000_000;
/** Largest money value of one point, in minor units: 100.00. */
export const MAX_POINT_VALUE_MINOR = 10_000;
/** Largest count: uses, repeats, limits, priorities (and their negatives where allowed). */
export const MAX_COUNT = 1_000_000_000;
/** Largest points multiplier in basis points (×100). */
export const MAX_MULTIPLIER_BP = 1_000_000;

const grouped = (value: number) => value.toLocaleString('en').replaceAll(',', ' ');

/** A line as far as its amount goes: whole units or thousandths of a weighed good. */
export interface AmountLine {
  readonly unitPriceMinor: number;
  readonly quantity?: number | undefined;
  readonly quantityMilli?: number | undefined;
}

/**
 * Lines whose amount (price × quantity, rounded half up for weighed goods) passes
 * {@link MAX_AMOUNT_MINOR}, each at its pointer `/lines/i`; when every line is in bounds but they
 * add up past it, one problem at `/lines`. Code `amount_too_large`. Inputs are schema-checked
 * already, so each product is at most 10^15 and exact.
 */
export function cartAmountProblems(lines: readonly AmountLine[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let totalMinor = 0;
  lines.forEach((line, i) => {
    const amountMinor =
      line.quantityMilli === undefined
        ? line.unitPriceMinor * (line.quantity ?? 1)
        : mulDivHalfUp(line.unitPriceMinor, line.quantityMilli, 1000);
    totalMinor += amountMinor;
    if (amountMinor > MAX_AMOUNT_MINOR) {
      problems.push(tooLarge(`/lines/${i}`, `the line comes to ${amountMinor}`, MAX_AMOUNT_MINOR));
    }
  });
  if (problems.length === 0 && totalMinor > MAX_AMOUNT_MINOR) {
    problems.push(tooLarge('/lines', `the lines come to ${totalMinor}`, MAX_AMOUNT_MINOR));
  }
  return problems;
}

/** What {@link calculationAmountProblems} reads of a calculation. */
export interface CalculatedAmounts {
  readonly lines: readonly {
    readonly regularTotalMinor: number;
    readonly totalMinor: number;
    readonly bonusPoints: number;
  }[];
  readonly subtotalMinor: number;
  readonly totalMinor: number;
  readonly bonusPoints: number;
}

/**
 * A calculation whose amounts or points left the domain (e.g. gifts repeated over a huge cart, a
 * fixed bonus repeated per unit): one problem at `/lines`, code `amount_too_large`; none when in
 * bounds. Runs once per calculation, after the engine, so the engine's loops stay plain.
 */
export function calculationAmountProblems(calculation: CalculatedAmounts): FieldProblem[] {
  let regularMinor = 0;
  let points = 0;
  for (const line of calculation.lines) {
    regularMinor = Math.max(regularMinor, line.regularTotalMinor, line.totalMinor);
    points = Math.max(points, line.bonusPoints);
  }
  regularMinor = Math.max(regularMinor, calculation.subtotalMinor, calculation.totalMinor);
  points = Math.max(points, calculation.bonusPoints);
  if (!(regularMinor <= MAX_AMOUNT_MINOR)) {
    return [tooLarge('/lines', `the check would come to ${regularMinor}`, MAX_AMOUNT_MINOR)];
  }
  if (!(points <= MAX_POINTS)) {
    return [tooLarge('/lines', `the check would earn ${points} bonus points`, MAX_POINTS)];
  }
  return [];
}

function tooLarge(field: string, what: string, maximum: number): FieldProblem {
  return { field, code: 'amount_too_large', message: `${what}; at most ${grouped(maximum)}` };
}

/** The refusal of in-bound figures whose product or sum leaves the domain (422). */
export function amountTooLarge(problems: FieldProblem[]): PerkError {
  const first = problems[0] as FieldProblem;
  const message =
    problems.length === 1 ? first.message : `${problems.length} amounts are too large`;
  return new PerkError('unprocessable', 'amount_too_large', message, { problems });
}
