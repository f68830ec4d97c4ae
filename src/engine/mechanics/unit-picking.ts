import { compareRatios, mulDivHalfUp } from '../money/rounding.ts';
import type { LineDiscount, LineState } from './mechanic.ts';

/** Some units of one line. */
export interface UnitPortion {
  readonly state: LineState;
  readonly units: number;
}

/** Lines ordered by running unit price, cheapest first; equal prices keep cart order. */
export function cheapestFirst(lines: readonly LineState[]): LineState[] {
  return [...lines].sort(
    (a, b) => compareRatios(a.currentMinor, a.units, b.currentMinor, b.units) || a.index - b.index,
  );
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

/** The running value of a portion: current × units / line units, rounded half up. */
export function portionValue(portion: UnitPortion): number {
  return mulDivHalfUp(portion.state.currentMinor, portion.units, portion.state.units);
}

/** Percent off each portion, computed per line on its running amount, rounded half up once. */
export function percentOffPortions(
  portions: readonly UnitPortion[],
  percentBp: number,
): LineDiscount[] {
  return portions.map((portion) => ({
    index: portion.state.index,
    discountMinor: mulDivHalfUp(
      portion.state.currentMinor,
      portion.units * percentBp,
      portion.state.units * 10_000,
    ),
  }));
}

/** Whole lines as portions, for mechanics without a unit limit. */
export function wholeLines(lines: readonly LineState[]): UnitPortion[] {
  return lines.map((state) => ({ state, units: state.units }));
}
