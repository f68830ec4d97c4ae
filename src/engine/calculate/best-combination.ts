import { lineAt } from '../mechanics/line-discounts.ts';

/**
 * One promotion's stand-alone result, as the `best` search sees it (an applied effect is one).
 * Its lines are those it discounts or awards points on; an exclusive promotion combines with
 * nothing in its group.
 */
export interface Option {
  readonly promotion: {
    readonly ordinal: number;
    readonly definition: { readonly stacking: { readonly exclusive: boolean } };
  };
  readonly valueMinor: number;
  /** Its line discounts: entries `discountsFrom..discountsTo` (see line-discounts.ts). */
  readonly discountsFrom: number;
  readonly discountsTo: number;
  readonly points: readonly { readonly index: number }[];
}

function exclusive(option: Option): boolean {
  return option.promotion.definition.stacking.exclusive;
}

function ordinal(option: Option): number {
  return option.promotion.ordinal;
}

function touches(option: Option, line: number): boolean {
  for (let e = option.discountsFrom; e < option.discountsTo; e += 1) {
    if (lineAt(e) === line) return true;
  }
  for (const p of option.points) if (p.index === line) return true;
  return false;
}

// Beyond this many options the exact search could take too long at a till; a greedy pick by
// value is used instead (still deterministic).
const EXACT_SEARCH_LIMIT = 20;

/** True when two options may not both apply: they share a line, or one is exclusive. */
export function conflicts(a: Option, b: Option): boolean {
  if (exclusive(a) || exclusive(b)) return true;
  for (let e = a.discountsFrom; e < a.discountsTo; e += 1) if (touches(b, lineAt(e))) return true;
  for (const p of a.points) if (touches(b, p.index)) return true;
  return false;
}

/**
 * The set of options with pairwise disjoint lines and the largest total value (the lowest total
 * for the customer). Ties go to the set found first when options are taken by value, then by
 * application order, so the answer is deterministic. Returns the chosen in application order.
 */
export function chooseBest<T extends Option>(options: readonly T[]): T[] {
  const sorted = byValue(options);
  // A greedy pick already tried every option, those worth nothing included; after the exact
  // search, options worth nothing in money (a gift at full price) still apply when nothing
  // conflicts.
  const chosen = sorted.length > EXACT_SEARCH_LIMIT ? greedy(sorted) : withFreeOptions(sorted);
  return chosen.sort((a, b) => ordinal(a) - ordinal(b));
}

// Sort keys: -value × 2^20 + position, exact in a double while values stay below 2^33 kopecks.
const POSITION_SPAN = 2 ** 20;
const MAX_KEYED_VALUE = 2 ** 33;
let sortKeys = new Float64Array(64);

/**
 * Options by value, highest first, ties in application order. A numeric sort of packed keys, not
 * a comparator: a best group compares a hundred options or more in every calculation, and a sort
 * calling back into JavaScript for each comparison was a noticeable share of it.
 */
function byValue<T extends Option>(options: readonly T[]): T[] {
  const count = options.length;
  let keyed = count < POSITION_SPAN;
  for (let k = 1; k < count && keyed; k += 1) {
    if (ordinal(options[k] as T) <= ordinal(options[k - 1] as T)) keyed = false;
  }
  for (const option of options) {
    if (option.valueMinor < 0 || option.valueMinor >= MAX_KEYED_VALUE) keyed = false;
  }
  if (!keyed) {
    return [...options].sort((a, b) => b.valueMinor - a.valueMinor || ordinal(a) - ordinal(b));
  }
  if (sortKeys.length < count) sortKeys = new Float64Array(count * 2);
  const keys = sortKeys.subarray(0, count);
  for (let k = 0; k < count; k += 1) {
    keys[k] = -(options[k] as T).valueMinor * POSITION_SPAN + k;
  }
  keys.sort();
  const sorted = new Array<T>(count);
  for (let k = 0; k < count; k += 1) {
    const key = keys[k] as number;
    sorted[k] = options[key - Math.floor(key / POSITION_SPAN) * POSITION_SPAN] as T;
  }
  return sorted;
}

function withFreeOptions<T extends Option>(sorted: readonly T[]): T[] {
  const found = exact(sorted);
  const foundSet = new Set(found);
  return greedy([...found, ...sorted.filter((option) => !foundSet.has(option))]);
}

function greedy<T extends Option>(sorted: readonly T[]): T[] {
  const chosen: T[] = [];
  // Indexed by line: a plain array beats a Set for small integer keys.
  const taken: boolean[] = [];
  let exclusiveTaken = false;
  for (const option of sorted) {
    if (exclusiveTaken || (exclusive(option) && chosen.length > 0)) continue;
    let free = true;
    for (let e = option.discountsFrom; e < option.discountsTo; e += 1) {
      if (taken[lineAt(e)] === true) free = false;
    }
    for (const p of option.points) if (taken[p.index] === true) free = false;
    if (!free) continue;
    chosen.push(option);
    for (let e = option.discountsFrom; e < option.discountsTo; e += 1) taken[lineAt(e)] = true;
    for (const p of option.points) taken[p.index] = true;
    exclusiveTaken = exclusive(option);
  }
  return chosen;
}

function exact<T extends Option>(sorted: readonly T[]): T[] {
  const suffix: number[] = new Array(sorted.length + 1).fill(0);
  for (let i = sorted.length - 1; i >= 0; i -= 1) {
    suffix[i] = (suffix[i + 1] ?? 0) + (sorted[i]?.valueMinor ?? 0);
  }
  let best: T[] = [];
  let bestValue = 0;
  const visit = (i: number, chosen: T[], value: number): void => {
    if (value > bestValue) {
      best = [...chosen];
      bestValue = value;
    }
    const option = sorted[i];
    if (option === undefined || value + (suffix[i] ?? 0) <= bestValue) return;
    if (chosen.every((other) => !conflicts(option, other))) {
      chosen.push(option);
      visit(i + 1, chosen, value + option.valueMinor);
      chosen.pop();
    }
    visit(i + 1, chosen, value);
  };
  visit(0, [], 0);
  return best;
}
