import type { Cart, CartLine } from '../model/cart.ts';
import {
  type ProductSelector,
  type SelectorMatcher,
  selectorMatcher,
} from '../selector/product-selector.ts';
import type { CompiledPromotion } from './compile-ruleset.ts';

/**
 * Slots by the line facts that can match them. Slot `o` below the promotion count is promotion
 * `o`'s main selector (the one a cart must touch for it to apply); the slots after it are the
 * promotions' other selectors (a cross-discount's target, a bundle's components, a condition's
 * scope), so one pass over the cart also finds the lines those may match.
 */
export interface LineIndex {
  readonly bySku: ReadonlyMap<string, readonly number[]>;
  readonly byBrand: ReadonlyMap<string, readonly number[]>;
  readonly byCategory: ReadonlyMap<string, readonly number[]>;
  /** Promotions any cart may trigger (cart-level mechanics, attribute-only selectors). */
  readonly always: readonly number[];
  readonly byId: ReadonlyMap<string, number>;
  /** Promotions, then other selectors. */
  readonly slotCount: number;
  /** 1 for a slot indexed by a SKU, brand or category list: only lines found under it can match. */
  readonly keyed: Uint8Array;
  /**
   * 1 for a keyed slot whose selector reads only SKUs, brands and categories: a line found under
   * it is checked against the whole selector once per product (see `slotsOfLine`), so every line
   * the index reports for it matches.
   */
  readonly exact: Uint8Array;
  /** Each exact slot's compiled selector (null for the others). */
  readonly exactMatchers: readonly (SelectorMatcher | null)[];
  /** The slot of each other selector (by identity) that names a SKU, brand or category. */
  readonly secondarySlots: ReadonlyMap<ProductSelector, number>;
  /** Memo of the slots a product's facts hit, by SKU (see `slotsOfLine`). */
  readonly slotsBySku: Map<string, ProductSlots>;
}

/**
 * The slots one product hits through its SKU, brand and categories, with the facts they came from.
 * A hit on an exact slot whose whole selector the product fails is kept as `-1 - slot`: its
 * promotion is still in play (it explains why it did not apply), but the line is not in its scope.
 */
interface ProductSlots {
  readonly brand: string | undefined;
  readonly categoryIds: readonly string[] | undefined;
  readonly slots: Int32Array;
}

// Enough for a large catalogue's products; beyond it, lines are looked up without the memo.
const MAX_MEMOISED_PRODUCTS = 50_000;

function push(map: Map<string, number[]>, keys: readonly string[], ordinal: number): void {
  for (const key of keys) {
    const list = map.get(key);
    if (list === undefined) map.set(key, [ordinal]);
    else list.push(ordinal);
  }
}

/**
 * Indexes each selector under one criterion: a selector requires all its criteria, so any single
 * one is a safe filter; the most selective is used. Promotions whose main selector names none are
 * in play for every cart; other selectors that name none are not indexed (their lines are found
 * by testing every line).
 */
export function buildLineIndex(
  promotions: readonly CompiledPromotion[],
  secondary: readonly ProductSelector[],
): LineIndex {
  const bySku = new Map<string, number[]>();
  const byBrand = new Map<string, number[]>();
  const byCategory = new Map<string, number[]>();
  const add = (scope: ProductSelector | null, slot: number): boolean => {
    if (scope?.skus !== undefined) push(bySku, scope.skus, slot);
    else if (scope?.brands !== undefined) push(byBrand, scope.brands, slot);
    else if (scope?.categoryIds !== undefined) push(byCategory, scope.categoryIds, slot);
    else return false;
    return true;
  };
  const keyed = new Uint8Array(promotions.length + secondary.length);
  const exact = new Uint8Array(promotions.length + secondary.length);
  const exactMatchers: (SelectorMatcher | null)[] = [];
  const markKeyed = (scope: ProductSelector, slot: number) => {
    keyed[slot] = 1;
    const matcher = selectorMatcher(scope);
    exact[slot] = matcher.byFactsOnly ? 1 : 0;
    exactMatchers[slot] = matcher.byFactsOnly ? matcher : null;
  };
  const always: number[] = [];
  for (const { indexScope, ordinal } of promotions) {
    exactMatchers[ordinal] = null;
    if (indexScope !== null && add(indexScope, ordinal)) markKeyed(indexScope, ordinal);
    else always.push(ordinal);
  }
  const secondarySlots = new Map<ProductSelector, number>();
  for (const scope of secondary) {
    const slot = promotions.length + secondarySlots.size;
    if (!secondarySlots.has(scope) && add(scope, slot)) {
      markKeyed(scope, slot);
      secondarySlots.set(scope, slot);
    }
  }
  const byId = new Map(promotions.map((p) => [p.definition.id, p.ordinal]));
  const slotCount = promotions.length + secondarySlots.size;
  return {
    bySku,
    byBrand,
    byCategory,
    always,
    byId,
    slotCount,
    keyed,
    exact,
    exactMatchers,
    secondarySlots,
    slotsBySku: new Map(),
  };
}

/** The promotions a cart may bring into play, and for each slot the lines its index key matched. */
export interface Candidates {
  /** Ascending: that is, in application order. */
  readonly ordinals: readonly number[];
  /** 32-bit words of line bits per slot: `ceil(lines / 32)`, at least 1. */
  readonly words: number;
  /**
   * Lines matched through the index, as bits: line `i` hit slot `o` when bit `i & 31` of
   * `hitBits[o × words + (i >> 5)]` is set; none when the slot is not indexed by a line fact.
   * Bits rather than lists: a line found twice (through two of its categories) sets its bit
   * twice, and the lines come out ascending with no count and no scatter.
   */
  readonly hitBits: Int32Array;
}

// Scratch reused across calls (`candidatesFor` runs synchronously and they never leave it): fresh
// typed arrays per call cost more than clearing these. `inPlay[o]`: 1 when promotion `o` is in
// play (a line hit it, or it is always in play, or its coupon was entered). The answer's bits are
// scratch too: a typed array of this size is allocated outside the heap, slowly, and the answer
// is only read during the calculation that asked for it.
let inPlay = new Uint8Array(0);
let hitBits = new Int32Array(0);
// The slots of a cart's lines, cleared after use (an old ruleset's must not stay reachable).
const NO_SLOTS = new Int32Array(0);
const slotsScratch: Int32Array[] = [];

function sameIds(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let k = 0; k < a.length; k += 1) if (a[k] !== b[k]) return false;
  return true;
}

function lookUpSlots(index: LineIndex, line: CartLine): Int32Array {
  const found: number[] = [];
  const add = (list: readonly number[] | undefined) => {
    if (list !== undefined) for (const slot of list) found.push(slot);
  };
  add(index.bySku.get(line.sku));
  if (line.brand !== undefined) add(index.byBrand.get(line.brand));
  for (const id of line.categoryIds ?? []) add(index.byCategory.get(id));
  for (let k = 0; k < found.length; k += 1) {
    const slot = found[k] as number;
    const matcher = index.exactMatchers[slot];
    if (matcher != null && !matcher.matches(line)) found[k] = -1 - slot;
  }
  return Int32Array.from(found);
}

/**
 * The slots a line's SKU, brand and categories hit (a slot may repeat). Products recur across
 * carts, so each one's are looked up once per ruleset and kept by SKU (`kept`, found by the
 * caller), with the facts they came from: a line whose inline facts differ from the kept ones is
 * looked up afresh.
 */
function slotsOfLine(index: LineIndex, line: CartLine, kept: ProductSlots | undefined): Int32Array {
  if (
    kept !== undefined &&
    kept.brand === line.brand &&
    sameIds(kept.categoryIds, line.categoryIds)
  ) {
    return kept.slots;
  }
  const slots = lookUpSlots(index, line);
  if (kept === undefined && index.slotsBySku.size < MAX_MEMOISED_PRODUCTS) {
    index.slotsBySku.set(line.sku, { brand: line.brand, categoryIds: line.categoryIds, slots });
  }
  return slots;
}

/** Records that `lineIndex` hit every slot in `list` (`words` words of bits a slot). */
function mark(
  list: Int32Array,
  lineIndex: number,
  words: number,
  play: Uint8Array,
  bits: Int32Array,
) {
  const word = lineIndex >> 5;
  const bit = 1 << (lineIndex & 31);
  for (let k = 0; k < list.length; k += 1) {
    const slot = list[k] as number;
    if (slot < 0) {
      // Its key matched but its selector does not: in play, without this line.
      play[-1 - slot] = 1;
      continue;
    }
    play[slot] = 1;
    const at = slot * words + word;
    bits[at] = (bits[at] as number) | bit;
  }
}

/**
 * Promotions that may touch `cart`, plus those whose coupon was entered (so the customer hears why
 * a coupon did nothing). The hit bits are reused by the next call: read them before it.
 */
export function candidatesFor(
  ruleset: { readonly index: LineIndex; readonly promotions: readonly CompiledPromotion[] },
  cart: Cart,
  couponPromotionIds: readonly string[],
): Candidates {
  const { index, promotions } = ruleset;
  const count = index.slotCount;
  const lines = cart.lines;
  const words = Math.max(1, (lines.length + 31) >> 5);
  if (inPlay.length < count) inPlay = new Uint8Array(count);
  else inPlay.fill(0, 0, count);
  if (hitBits.length < count * words) hitBits = new Int32Array(count * words);
  else hitBits.fill(0, 0, count * words);
  // The scratch in locals: module variables that may be reassigned are read again at every use.
  const play = inPlay;
  const bits = hitBits;
  for (const ordinal of index.always) play[ordinal] = 1;
  // Index loops and no closure: this runs for every line of every calculation. Every line's
  // slots are found before any is marked: the memo reads miss the cache and do not depend on each
  // other, so the processor overlaps them, which it cannot across the marking in between.
  const memo = index.slotsBySku;
  slotsScratch.length = lines.length;
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
    const line = lines[lineIndex] as CartLine;
    slotsScratch[lineIndex] = slotsOfLine(index, line, memo.get(line.sku));
  }
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
    mark(slotsScratch[lineIndex] as Int32Array, lineIndex, words, play, bits);
  }
  slotsScratch.fill(NO_SLOTS);
  for (const id of couponPromotionIds) {
    const ordinal = index.byId.get(id);
    if (ordinal !== undefined) play[ordinal] = 1;
  }
  // Counted first, then filled: a list grown by pushing a few hundred ordinals copies itself
  // several times.
  let candidateCount = 0;
  for (let ordinal = 0; ordinal < promotions.length; ordinal += 1)
    candidateCount += play[ordinal] as number;
  const ordinals = new Array<number>(candidateCount);
  let filled = 0;
  for (let ordinal = 0; ordinal < promotions.length; ordinal += 1) {
    if (play[ordinal] !== 0) ordinals[filled++] = ordinal;
  }
  return { ordinals, words, hitBits: bits };
}
