import { addLineDiscount, amountAt, lineAt, nextDiscount } from '../mechanics/line-discounts.ts';
import type { LineState, MechanicReward } from '../mechanics/mechanic.ts';
import { allocateCappedInto } from '../money/allocate.ts';
import type { CartFrame, Note, RunState } from './run-state.ts';

interface Room {
  readonly minPriceRoom: number;
  readonly lineLimitRoom: number;
}

function roomOf(state: LineState, frame: CartFrame): Room {
  const taken = state.regularMinor - state.currentMinor;
  return {
    minPriceRoom: Math.max(0, state.currentMinor - (frame.floorMinor[state.index] ?? 0)),
    lineLimitRoom: Math.max(0, (frame.lineLimitMinor[state.index] ?? 0) - taken),
  };
}

/**
 * The total of a mechanic's discounts when they need no capping: every line has room for its
 * discount and the check allowance holds for all of them (usual: then the mechanic's own entries
 * stand, and nothing is written). -1 when they need capping (`capDiscounts`). This runs for every
 * evaluated promotion.
 */
export function fittingTotal(reward: MechanicReward, run: RunState): number {
  let wanted = 0;
  let fits = true;
  for (let e = reward.discountsFrom; e < reward.discountsTo; e += 1) {
    const amount = amountAt(e);
    wanted += amount;
    if (amount > roomFor(run, lineAt(e))) fits = false;
  }
  return fits && wanted <= run.checkAllowanceMinor ? wanted : -1;
}

// Scratch lists reused by every capping (synchronous, never escaping): only the capped
// discounts and their notes leave it.
const rooms: number[] = [];
const weights: number[] = [];
const caps: number[] = [];
const amountsScratch: number[] = [];
const extraScratch: number[] = [];
const limitedScratch: number[] = [];

/**
 * Caps a mechanic's discounts so no line goes below its minimum price or "no discount" flag, no
 * line exceeds the per-line limit and the check stays within the per-check limit. A splittable
 * amount moves what a line cannot take to the others. Every cap leaves a note. The capped
 * discounts are written as new line discounts, `from..to`, those that keep something.
 */
export function capDiscounts(
  reward: MechanicReward,
  run: RunState,
  frame: CartFrame,
): { from: number; to: number; notes: Note[] } {
  const notes: Note[] = [];
  const { discountsFrom, discountsTo } = reward;
  const count = discountsTo - discountsFrom;
  rooms.length = 0;
  amountsScratch.length = 0;
  let amounts = amountsScratch;
  let wanted = 0;
  let given = 0;
  for (let e = discountsFrom; e < discountsTo; e += 1) {
    const room = roomFor(run, lineAt(e));
    const amount = Math.min(amountAt(e), room);
    rooms.push(room);
    amounts.push(amount);
    wanted += amountAt(e);
    given += amount;
  }
  if (reward.splittable && given < wanted) {
    weights.length = 0;
    caps.length = 0;
    for (let k = 0; k < count; k += 1) {
      weights.push(run.lines[lineAt(discountsFrom + k)]?.currentMinor ?? 0);
      caps.push((rooms[k] as number) - (amounts[k] as number));
    }
    // What capped lines could not take is spread over the others, by their running amounts.
    const extra = extraScratch;
    allocateCappedInto(wanted - given, weights, caps, extra);
    given = 0;
    for (let k = 0; k < count; k += 1) {
      const total = (amounts[k] as number) + (extra[k] as number);
      amounts[k] = total;
      given += total;
    }
  }
  // A split amount that found room elsewhere lost nothing: its line caps are not worth telling.
  if (given < wanted) lineCapNotes(discountsFrom, amounts, count, run, frame, notes);
  if (given > run.checkAllowanceMinor) {
    allocateCappedInto(run.checkAllowanceMinor, amounts, amounts, limitedScratch);
    amounts = limitedScratch;
    notes.push({ code: 'capped_by_check_limit', params: {}, lineIndexes: [] });
  }
  const from = nextDiscount();
  for (let k = 0; k < count; k += 1)
    addLineDiscount(lineAt(discountsFrom + k), amounts[k] as number);
  return { from, to: nextDiscount(), notes };
}

function roomFor(run: RunState, index: number): number {
  return Math.max(0, run.roomMinor[index] ?? 0);
}

function lineCapCode(index: number, run: RunState, frame: CartFrame) {
  const state = run.lines[index];
  if (state === undefined || state.line.noDiscount) return 'product_excluded';
  const room = roomOf(state, frame);
  return room.minPriceRoom <= room.lineLimitRoom ? 'capped_by_min_price' : 'capped_by_line_limit';
}

const CAP_CODES = ['product_excluded', 'capped_by_min_price', 'capped_by_line_limit'] as const;

/**
 * One note per kind of cap, naming every line it held back (not one note per line), in the order
 * the kinds were first met.
 */
function lineCapNotes(
  wantedFrom: number,
  amounts: readonly number[],
  count: number,
  run: RunState,
  frame: CartFrame,
  notes: Note[],
): void {
  const byCode: (number[] | undefined)[] = [];
  const order: number[] = [];
  for (let k = 0; k < count; k += 1) {
    const index = lineAt(wantedFrom + k);
    if ((amounts[k] as number) >= amountAt(wantedFrom + k)) continue;
    const kind = CAP_CODES.indexOf(lineCapCode(index, run, frame));
    let lines = byCode[kind];
    if (lines === undefined) {
      lines = [];
      byCode[kind] = lines;
      order.push(kind);
    }
    lines.push(index);
  }
  for (const kind of order) {
    const lineIndexes = byCode[kind] as number[];
    const skus: string[] = [];
    for (const i of lineIndexes) {
      const sku = run.lines[i]?.line.sku ?? '';
      if (!skus.includes(sku)) skus.push(sku);
    }
    notes.push({
      code: CAP_CODES[kind] as Note['code'],
      params: { sku: skus.join(', ') },
      lineIndexes,
    });
  }
}
