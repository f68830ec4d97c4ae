import { amountAt, lineAt } from '../mechanics/line-discounts.ts';
import type { PromotionPoints } from '../model/calculation.ts';
import type { AppliedEffect, RunningLine } from './run-state.ts';

/**
 * What the applied promotions took off and awarded on each input line, in application order.
 * Discounts are flat: line i's are entries `starts[i]..starts[i + 1]` of `appliedAt` (the
 * promotion's position in `ids`, the applied promotions' ids) and `discountMinor`, each above
 * zero (a line discount of nothing is no entry, see line-discounts.ts). Flat numbers
 * rather than an object per line and promotion: the receipt lines make their own entries (a split
 * line two per promotion), so objects made here were garbage, a thousand of them for 10 lines
 * under 100 promotions.
 */
export interface LineTakings {
  readonly starts: Int32Array;
  readonly appliedAt: Int32Array;
  readonly ids: readonly string[];
  readonly discountMinor: readonly number[];
  /** By line; lines without points share one empty list, never changed. */
  readonly points: readonly (readonly PromotionPoints[])[];
}

const NO_POINTS: readonly PromotionPoints[] = [];

// Reused by every calculation: calculations run one at a time and the takings are read only while
// their result is built. Positions, not ids: numbers keep no old ruleset reachable, so nothing
// needs clearing after use.
let starts = new Int32Array(64);
let cursors = new Int32Array(64);
let appliedAt = new Int32Array(256);
const discountMinor: number[] = [];

/**
 * The applied effects' discounts and points by line of the running cart. Each line's share of
 * the list is known from its `discountCount` (kept as promotions apply), so the discounts are
 * walked once, to place them.
 */
export function takingsByLine(
  applied: readonly AppliedEffect[],
  lines: readonly RunningLine[],
): LineTakings {
  const lineCount = lines.length;
  if (starts.length < lineCount + 1) {
    starts = new Int32Array((lineCount + 1) * 2);
    cursors = new Int32Array((lineCount + 1) * 2);
  }
  // The scratch in locals: module variables that may be reassigned are read again at every use.
  const lineStarts = starts;
  const lineCursors = cursors;
  lineStarts[0] = 0;
  for (let i = 0; i < lineCount; i += 1) {
    const at = lineStarts[i] as number;
    lineCursors[i] = at;
    lineStarts[i + 1] = at + (lines[i] as RunningLine).discountCount;
  }
  let withPoints = false;
  const ids = new Array<string>(applied.length);
  for (let k = 0; k < applied.length; k += 1) {
    const effect = applied[k] as AppliedEffect;
    ids[k] = effect.promotion.definition.id;
    if (effect.points.length > 0) withPoints = true;
  }
  const used = lineStarts[lineCount] as number;
  if (appliedAt.length < used) appliedAt = new Int32Array(used * 2);
  const positions = appliedAt;
  // Grown by pushing only past the largest calculation yet, so the list stays packed.
  while (discountMinor.length < used) discountMinor.push(0);
  for (let k = 0; k < applied.length; k += 1) {
    const { discountsFrom, discountsTo } = applied[k] as AppliedEffect;
    for (let e = discountsFrom; e < discountsTo; e += 1) {
      const index = lineAt(e);
      const at = lineCursors[index] as number;
      positions[at] = k;
      discountMinor[at] = amountAt(e);
      lineCursors[index] = at + 1;
    }
  }
  return {
    starts: lineStarts,
    appliedAt: positions,
    ids,
    discountMinor,
    points: withPoints ? pointsByLine(applied, lineCount) : new Array(lineCount).fill(NO_POINTS),
  };
}

/** Lists sized by a first count, not grown by pushing: they become part of the result. */
function pointsByLine(applied: readonly AppliedEffect[], lineCount: number): PromotionPoints[][] {
  const counts = new Array<number>(lineCount).fill(0);
  for (const effect of applied) {
    for (const p of effect.points) counts[p.index] = (counts[p.index] as number) + 1;
  }
  const points: PromotionPoints[][] = [];
  for (let i = 0; i < lineCount; i += 1) {
    const count = counts[i] as number;
    points.push(count === 0 ? (NO_POINTS as PromotionPoints[]) : new Array(count));
    counts[i] = 0;
  }
  for (const effect of applied) {
    const promotionId = effect.promotion.definition.id;
    for (const p of effect.points) {
      const at = counts[p.index] as number;
      (points[p.index] as PromotionPoints[])[at] = { promotionId, points: p.points };
      counts[p.index] = at + 1;
    }
  }
  return points;
}
