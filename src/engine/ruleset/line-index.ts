import type { Cart } from '../model/cart.ts';
import type { CompiledPromotion } from './compile-ruleset.ts';

/** Promotion ordinals by the line facts that can bring them into play. */
export interface LineIndex {
  readonly bySku: ReadonlyMap<string, readonly number[]>;
  readonly byBrand: ReadonlyMap<string, readonly number[]>;
  readonly byCategory: ReadonlyMap<string, readonly number[]>;
  /** Promotions any cart may trigger (cart-level mechanics, attribute-only selectors). */
  readonly always: readonly number[];
  readonly byId: ReadonlyMap<string, number>;
}

function push(map: Map<string, number[]>, keys: readonly string[], ordinal: number): void {
  for (const key of keys) {
    const list = map.get(key);
    if (list === undefined) map.set(key, [ordinal]);
    else list.push(ordinal);
  }
}

/**
 * Indexes each promotion under one criterion of the selector its cart must touch. A selector
 * requires all its criteria, so any single one is a safe filter; the most selective is used.
 */
export function buildLineIndex(promotions: readonly CompiledPromotion[]): LineIndex {
  const bySku = new Map<string, number[]>();
  const byBrand = new Map<string, number[]>();
  const byCategory = new Map<string, number[]>();
  const always: number[] = [];
  for (const { indexScope: scope, ordinal } of promotions) {
    if (scope?.skus !== undefined) push(bySku, scope.skus, ordinal);
    else if (scope?.brands !== undefined) push(byBrand, scope.brands, ordinal);
    else if (scope?.categoryIds !== undefined) push(byCategory, scope.categoryIds, ordinal);
    else always.push(ordinal);
  }
  const byId = new Map(promotions.map((p) => [p.definition.id, p.ordinal]));
  return { bySku, byBrand, byCategory, always, byId };
}

/** The promotions a cart may bring into play, and for each the lines its index key matched. */
export interface Candidates {
  /** Ascending: that is, in application order. */
  readonly ordinals: readonly number[];
  /**
   * Lines matched through the index, flat: promotion `o`'s are `hitLines[hitStarts[o]..hitStarts[o
   * + 1])`, ascending; none when it is not indexed by a line fact. Flat rather than a list per
   * promotion: with 1 000 promotions those lists were a large share of a calculation's garbage.
   */
  readonly hitStarts: Int32Array;
  readonly hitLines: Int32Array;
}

// Scratch reused across calls (`candidatesFor` runs synchronously and they never leave it): fresh
// typed arrays per call cost more than clearing these. `marks[o]`: 0 unseen, 1 in play without a
// matched line, else 2 + the last line matched (a line may hit a promotion through several of its
// categories: it is kept once). `counts[o]`: lines matched. `pairs`: (ordinal, line) as found.
let marks = new Int32Array(0);
let counts = new Int32Array(0);
let pairs = new Int32Array(256);

/** Records that `lineIndex` hit every promotion in `list`; returns the new length of `pairs`. */
function mark(list: readonly number[] | undefined, lineIndex: number, length: number): number {
  if (list === undefined) return length;
  let end = length;
  for (let k = 0; k < list.length; k += 1) {
    const ordinal = list[k] as number;
    if (marks[ordinal] === lineIndex + 2) continue;
    marks[ordinal] = lineIndex + 2;
    counts[ordinal] = (counts[ordinal] as number) + 1;
    if (end + 2 > pairs.length) {
      const grown = new Int32Array(pairs.length * 2);
      grown.set(pairs);
      pairs = grown;
    }
    pairs[end] = ordinal;
    pairs[end + 1] = lineIndex;
    end += 2;
  }
  return end;
}

function clearScratch(length: number): void {
  if (marks.length < length) {
    marks = new Int32Array(length);
    counts = new Int32Array(length);
  } else {
    marks.fill(0, 0, length);
    counts.fill(0, 0, length);
  }
}

/**
 * Promotions that may touch `cart`, plus those whose coupon was entered (so the customer hears why
 * a coupon did nothing).
 */
export function candidatesFor(
  ruleset: { readonly index: LineIndex; readonly promotions: readonly CompiledPromotion[] },
  cart: Cart,
  couponPromotionIds: readonly string[],
): Candidates {
  const { index, promotions } = ruleset;
  const count = promotions.length;
  clearScratch(count);
  for (const ordinal of index.always) marks[ordinal] = 1;
  let length = 0;
  // Index loops and no closure: this runs for every line of every calculation.
  for (let lineIndex = 0; lineIndex < cart.lines.length; lineIndex += 1) {
    const line = cart.lines[lineIndex] as Cart['lines'][number];
    length = mark(index.bySku.get(line.sku), lineIndex, length);
    if (line.brand !== undefined) length = mark(index.byBrand.get(line.brand), lineIndex, length);
    const categories = line.categoryIds;
    if (categories !== undefined) {
      for (let k = 0; k < categories.length; k += 1) {
        length = mark(index.byCategory.get(categories[k] as string), lineIndex, length);
      }
    }
  }
  for (const id of couponPromotionIds) {
    const ordinal = index.byId.get(id);
    if (ordinal !== undefined && marks[ordinal] === 0) marks[ordinal] = 1;
  }
  const ordinals: number[] = [];
  const hitStarts = new Int32Array(count + 1);
  // Up to this ruleset's size: the scratch may be longer, left from a larger ruleset.
  for (let ordinal = 0; ordinal < count; ordinal += 1) {
    if (marks[ordinal] !== 0) ordinals.push(ordinal);
    hitStarts[ordinal + 1] = (hitStarts[ordinal] as number) + (counts[ordinal] as number);
  }
  // Pairs were found line by line, so each promotion's lines land in ascending order.
  const hitLines = new Int32Array(length / 2);
  for (let ordinal = 0; ordinal < count; ordinal += 1)
    counts[ordinal] = hitStarts[ordinal] as number;
  for (let k = 0; k < length; k += 2) {
    const ordinal = pairs[k] as number;
    const at = counts[ordinal] as number;
    hitLines[at] = pairs[k + 1] as number;
    counts[ordinal] = at + 1;
  }
  return { ordinals, hitStarts, hitLines };
}
