import { allocate, allocateInto } from '../money/allocate.ts';
import { compareRatios, mulDivHalfUp } from '../money/rounding.ts';
import { addLineDiscount } from './line-discounts.ts';
import type { LineState } from './mechanic.ts';

/** Some units of one line. */
export interface UnitPortion {
  readonly state: LineState;
  readonly units: number;
}

function cheaper(a: LineState, b: LineState): boolean {
  const order = compareRatios(a.currentMinor, a.units, b.currentMinor, b.units);
  return order < 0 || (order === 0 && a.index < b.index);
}

// Up to this many lines an insertion sort beats the built-in sort, which allocates a work list and
// calls back into JavaScript for every comparison.
const INSERTION_SORT_LIMIT = 16;

/** Lines ordered by running unit price, cheapest first; equal prices keep cart order. */
export function cheapestFirst(lines: readonly LineState[]): readonly LineState[] {
  // Most scopes hold one line: nothing to order, and a sort call with a copy for it is not free.
  if (lines.length < 2) return lines;
  if (lines.length > INSERTION_SORT_LIMIT) {
    return [...lines].sort((a, b) => (cheaper(a, b) ? -1 : cheaper(b, a) ? 1 : 0));
  }
  const sorted = lines.slice();
  for (let i = 1; i < sorted.length; i += 1) {
    const line = sorted[i] as LineState;
    let j = i - 1;
    while (j >= 0 && cheaper(line, sorted[j] as LineState)) {
      sorted[j + 1] = sorted[j] as LineState;
      j -= 1;
    }
    sorted[j + 1] = line;
  }
  return sorted;
}

/** Takes up to `count` units from `ordered` lines, in that order. */
export function takeUnits(ordered: readonly LineState[], count: number): UnitPortion[] {
  const portions: UnitPortion[] = [];
  let left = count;
  for (const state of ordered) {
    if (left <= 0) break;
    const units = Math.min(left, state.units);
    portions.push({ state, units });
    left -= units;
  }
  return portions;
}

/**
 * The `count` cheapest units (equal prices: the earlier line first), listed in cart order, so a
 * split over them also gives its ties to the earlier line.
 */
export function cheapestUnits(lines: readonly LineState[], count: number): UnitPortion[] {
  const portions = takeUnits(cheapestFirst(lines), count);
  if (portions.length > INSERTION_SORT_LIMIT) {
    return portions.sort((a, b) => a.state.index - b.state.index);
  }
  // Back to cart order (indexes are distinct).
  for (let i = 1; i < portions.length; i += 1) {
    const portion = portions[i] as UnitPortion;
    let j = i - 1;
    while (j >= 0 && (portions[j] as UnitPortion).state.index > portion.state.index) {
      portions[j + 1] = portions[j] as UnitPortion;
      j -= 1;
    }
    portions[j + 1] = portion;
  }
  return portions;
}

/** The running value of a portion: current × units / line units, rounded half up. */
export function portionValue(portion: UnitPortion): number {
  return mulDivHalfUp(portion.state.currentMinor, portion.units, portion.state.units);
}

/**
 * Percent off each portion, computed per line on its running amount, rounded half up once; each
 * written as a line discount (see line-discounts.ts), as are the amounts of the functions below.
 */
export function percentOffPortions(portions: readonly UnitPortion[], percentBp: number): void {
  for (const p of portions) {
    addLineDiscount(
      p.state.index,
      mulDivHalfUp(p.state.currentMinor, p.units * percentBp, p.state.units * 10_000),
    );
  }
}

/**
 * Percent off whole lines: the same as their portions of every unit, without a portion object per
 * line (mechanics without a unit limit, the usual case, run this for every evaluation).
 */
export function percentOffLines(lines: readonly LineState[], percentBp: number): void {
  for (let k = 0; k < lines.length; k += 1) {
    const state = lines[k] as LineState;
    // Every unit: units × p / (units × 10 000) is p / 10 000, the same rounding with a constant
    // divisor and two multiplications fewer.
    addLineDiscount(state.index, mulDivHalfUp(state.currentMinor, percentBp, 10_000));
  }
}

// Scratch for `amountOverLines` (synchronous, never escaping): only the discounts leave it.
const weightsScratch: number[] = [];
const sharesScratch: number[] = [];

/**
 * An amount split over whole lines in proportion to their running amounts (largest remainder),
 * never more than they hold together: a per-cart amount off, a threshold's amount reward.
 */
export function amountOverLines(lines: readonly LineState[], amountMinor: number): void {
  const count = lines.length;
  let available = 0;
  for (let k = 0; k < count; k += 1) {
    const weight = (lines[k] as LineState).currentMinor;
    weightsScratch[k] = weight;
    available += weight;
  }
  allocateInto(Math.min(amountMinor, available), weightsScratch, count, sharesScratch);
  for (let k = 0; k < count; k += 1) {
    addLineDiscount((lines[k] as LineState).index, sharesScratch[k] as number);
  }
}

/**
 * An amount split over some units in proportion to their running values (largest remainder),
 * never more than they are worth together: a cart-wide amount under a unit limit.
 */
export function amountOverPortions(portions: readonly UnitPortion[], amountMinor: number): void {
  const values = portions.map(portionValue);
  let total = 0;
  for (const value of values) total += value;
  const shares = allocate(Math.min(amountMinor, total), values);
  for (let k = 0; k < portions.length; k += 1) {
    addLineDiscount((portions[k] as UnitPortion).state.index, shares[k] ?? 0);
  }
}
