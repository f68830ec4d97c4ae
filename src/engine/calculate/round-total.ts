import { allocateCapped } from '../money/allocate.ts';
import type { CartFrame, RunState } from './run-state.ts';

/**
 * Rounds the check total down to a multiple of `stepMinor` kopecks in the customer's favour, for
 * shops that give no kopeck change: takes `total mod step` off the cart's lines, split by largest
 * remainder in proportion to their running amounts (123.45 + 10.10 → 0.55 off as 0.51 + 0.04).
 * Changes the running lines in place and answers each line's rounding in kopecks by line index,
 * or null when nothing was taken.
 *
 * A line flagged `noDiscount` takes none and no line goes below its minimum price; what they
 * cannot take stays on the check, whose total then stays unround. The promotion limits per line
 * and per check do not apply: rounding is not a promotion, and a limit would leave checks unround
 * for no reason a customer could see. Gifts count in the total but take none: their price is
 * the promotion's.
 */
export function roundTotalDown(
  state: RunState,
  frame: CartFrame,
  stepMinor: number,
): number[] | null {
  let totalMinor = 0;
  for (const line of state.lines) totalMinor += line.currentMinor;
  for (const effect of state.applied) {
    for (const gift of effect.gifts) totalMinor += gift.priceMinor * gift.quantity;
  }
  const remainderMinor = totalMinor % stepMinor;
  if (remainderMinor === 0) return null;
  const weights: number[] = [];
  const caps: number[] = [];
  for (const line of state.lines) {
    weights.push(line.currentMinor);
    const roomMinor = line.currentMinor - (frame.floorMinor[line.index] ?? 0);
    caps.push(line.line.noDiscount === true || roomMinor < 0 ? 0 : roomMinor);
  }
  const shares = allocateCapped(remainderMinor, weights, caps);
  let takenMinor = 0;
  for (const line of state.lines) {
    const share = shares[line.index] ?? 0;
    line.currentMinor -= share;
    takenMinor += share;
  }
  return takenMinor === 0 ? null : shares;
}
