import type { LineDiscount, LineState, MechanicReward } from '../mechanics/mechanic.ts';
import { allocateCapped } from '../money/allocate.ts';
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
    if (d.discountMinor <= 0 || d.discountMinor > roomFor(run.lines[d.index], frame)) fits = false;
  }
  if (fits && wanted <= run.checkAllowanceMinor) return null;
  return capped(reward, run, frame);
}

function capped(
  reward: MechanicReward,
  run: RunState,
  frame: CartFrame,
): { discounts: LineDiscount[]; notes: Note[] } {
  // Plain loops, no closures: with a check limit set this runs for many evaluated promotions.
  const notes: Note[] = [];
  const rooms: number[] = [];
  let amounts: number[] = [];
  let wanted = 0;
  let given = 0;
  for (const d of reward.discounts) {
    const room = roomFor(run.lines[d.index], frame);
    const amount = Math.min(d.discountMinor, room);
    rooms.push(room);
    amounts.push(amount);
    wanted += d.discountMinor;
    given += amount;
  }
  if (reward.splittable && given < wanted) {
    amounts = redistribute(reward.discounts, amounts, rooms, wanted - given, run);
    given = 0;
    for (const amount of amounts) given += amount;
  }
  // A split amount that found room elsewhere lost nothing: its line caps are not worth telling.
  if (given < wanted) {
    const held = reward.discounts.filter((d, k) => (amounts[k] ?? 0) < d.discountMinor);
    notes.push(...lineCapNotes(held, run, frame));
  }
  if (given > run.checkAllowanceMinor) {
    amounts = allocateCapped(run.checkAllowanceMinor, amounts, amounts);
    notes.push({ code: 'capped_by_check_limit', params: {}, lineIndexes: [] });
  }
  const discounts: LineDiscount[] = [];
  for (let k = 0; k < reward.discounts.length; k += 1) {
    const discountMinor = amounts[k] ?? 0;
    const d = reward.discounts[k] as LineDiscount;
    if (discountMinor > 0) discounts.push({ index: d.index, discountMinor });
  }
  return { discounts, notes };
}

function roomFor(state: LineState | undefined, frame: CartFrame): number {
  if (state === undefined || state.line.noDiscount) return 0;
  // roomOf written out: no object per line on this hot path.
  const taken = state.regularMinor - state.currentMinor;
  const minPriceRoom = Math.max(0, state.currentMinor - (frame.floorMinor[state.index] ?? 0));
  const lineLimitRoom = Math.max(0, (frame.lineLimitMinor[state.index] ?? 0) - taken);
  return Math.min(minPriceRoom, lineLimitRoom);
}

/** Spreads what capped lines could not take over the others, by their running amounts. */
function redistribute(
  discounts: readonly LineDiscount[],
  amounts: readonly number[],
  rooms: readonly number[],
  leftMinor: number,
  run: RunState,
): number[] {
  const weights: number[] = [];
  const caps: number[] = [];
  for (let k = 0; k < discounts.length; k += 1) {
    weights.push(run.lines[(discounts[k] as LineDiscount).index]?.currentMinor ?? 0);
    caps.push((rooms[k] ?? 0) - (amounts[k] as number));
  }
  const extra = allocateCapped(leftMinor, weights, caps);
  // `extra` is fresh and no longer needed: the totals go into it.
  for (let k = 0; k < extra.length; k += 1)
    extra[k] = (amounts[k] as number) + (extra[k] as number);
  return extra;
}

function lineCapCode(discount: LineDiscount, run: RunState, frame: CartFrame) {
  const state = run.lines[discount.index];
  if (state === undefined || state.line.noDiscount) return 'product_excluded';
  const room = roomOf(state, frame);
  return room.minPriceRoom <= room.lineLimitRoom ? 'capped_by_min_price' : 'capped_by_line_limit';
}

/** One note per kind of cap, naming every line it held back (not one note per line). */
function lineCapNotes(capped: readonly LineDiscount[], run: RunState, frame: CartFrame): Note[] {
  const byCode = new Map<Note['code'], number[]>();
  for (const discount of capped) {
    const code = lineCapCode(discount, run, frame);
    byCode.set(code, [...(byCode.get(code) ?? []), discount.index]);
  }
  return [...byCode].map(([code, lineIndexes]) => {
    const skus = new Set(lineIndexes.map((i) => run.lines[i]?.line.sku ?? ''));
    return { code, params: { sku: [...skus].join(', ') }, lineIndexes };
  });
}
