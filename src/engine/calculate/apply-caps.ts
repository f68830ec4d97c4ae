import { lineDiscount } from '../mechanics/line-discounts.ts';
import type { LineDiscount, LineState, MechanicReward } from '../mechanics/mechanic.ts';
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
 * Caps a mechanic's discounts so no line goes below its minimum price or "no discount" flag, no
 * line exceeds the per-line limit and the check stays within the per-check limit. A splittable
 * amount moves what a line cannot take to the others. Every cap leaves a note. Returns null when
 * nothing needs capping.
 */
export function capDiscounts(
  reward: MechanicReward,
  run: RunState,
  frame: CartFrame,
): { discounts: readonly LineDiscount[]; notes: readonly Note[] } | null {
  // Usually every line has room and the check allowance holds: then the mechanic's own list
  // stands, told by null so nothing is allocated (this runs for every evaluated promotion).
  let wanted = 0;
  let fits = true;
  for (const d of reward.discounts) {
    wanted += d.discountMinor;
    if (d.discountMinor <= 0 || d.discountMinor > roomFor(run, d.index, frame)) fits = false;
  }
  if (fits && wanted <= run.checkAllowanceMinor) return null;
  return capped(reward, run, frame);
}

// Scratch lists reused by every capping (synchronous, never escaping): only the capped
// discounts and their notes leave it.
const rooms: number[] = [];
const weights: number[] = [];
const caps: number[] = [];
const amountsScratch: number[] = [];
const extraScratch: number[] = [];
const limitedScratch: number[] = [];

function capped(
  reward: MechanicReward,
  run: RunState,
  frame: CartFrame,
): { discounts: LineDiscount[]; notes: Note[] } {
  const notes: Note[] = [];
  const wantedList = reward.discounts;
  const count = wantedList.length;
  rooms.length = 0;
  amountsScratch.length = 0;
  let amounts = amountsScratch;
  let wanted = 0;
  let given = 0;
  for (const d of wantedList) {
    const room = roomFor(run, d.index, frame);
    const amount = Math.min(d.discountMinor, room);
    rooms.push(room);
    amounts.push(amount);
    wanted += d.discountMinor;
    given += amount;
  }
  if (reward.splittable && given < wanted) {
    weights.length = 0;
    caps.length = 0;
    for (let k = 0; k < count; k += 1) {
      weights.push(run.lines[(wantedList[k] as LineDiscount).index]?.currentMinor ?? 0);
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
  if (given < wanted) lineCapNotes(wantedList, amounts, run, frame, notes);
  if (given > run.checkAllowanceMinor) {
    allocateCappedInto(run.checkAllowanceMinor, amounts, amounts, limitedScratch);
    amounts = limitedScratch;
    notes.push({ code: 'capped_by_check_limit', params: {}, lineIndexes: [] });
  }
  const discounts = new Array<LineDiscount>(count);
  let kept = 0;
  for (let k = 0; k < count; k += 1) {
    const discountMinor = amounts[k] as number;
    const d = wantedList[k] as LineDiscount;
    // Most lines keep what they asked for: their entries are kept (entries are never changed).
    if (discountMinor === d.discountMinor) discounts[kept++] = d;
    else if (discountMinor > 0) discounts[kept++] = lineDiscount(d.index, discountMinor);
  }
  discounts.length = kept;
  return { discounts, notes };
}

function roomFor(run: RunState, index: number, frame: CartFrame): number {
  const state = run.lines[index];
  if (state === undefined) return 0;
  // min(room above the floor, room under the line limit), from the frame's lowest total; read by
  // the discount's index, which is at hand before the line is.
  return Math.max(0, state.currentMinor - (frame.lowestMinor[index] as number));
}

function lineCapCode(discount: LineDiscount, run: RunState, frame: CartFrame) {
  const state = run.lines[discount.index];
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
  wanted: readonly LineDiscount[],
  amounts: readonly number[],
  run: RunState,
  frame: CartFrame,
  notes: Note[],
): void {
  const byCode: (number[] | undefined)[] = [];
  const order: number[] = [];
  for (let k = 0; k < wanted.length; k += 1) {
    const discount = wanted[k] as LineDiscount;
    if ((amounts[k] as number) >= discount.discountMinor) continue;
    const kind = CAP_CODES.indexOf(lineCapCode(discount, run, frame));
    let lines = byCode[kind];
    if (lines === undefined) {
      lines = [];
      byCode[kind] = lines;
      order.push(kind);
    }
    lines.push(discount.index);
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
