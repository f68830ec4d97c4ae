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
  /** By ordinal: lines matched through the index; undefined when not indexed by a line fact. */
  readonly hits: readonly (readonly number[] | undefined)[];
}

/** Records that `lineIndex` hit every promotion in `list`. */
function mark(
  list: readonly number[] | undefined,
  lineIndex: number,
  seen: Uint8Array,
  hits: (number[] | undefined)[],
): void {
  if (list === undefined) return;
  for (let k = 0; k < list.length; k += 1) {
    const ordinal = list[k] as number;
    seen[ordinal] = 1;
    const lines = hits[ordinal];
    // A line may hit the same promotion through several of its categories: keep it once.
    if (lines === undefined) hits[ordinal] = [lineIndex];
    else if (lines[lines.length - 1] !== lineIndex) lines.push(lineIndex);
  }
}

// Which ordinals a cart brings into play, reused across calls: a fresh typed array per call costs
// more than clearing this one, and it never leaves `candidatesFor` (which runs synchronously).
let seenBuffer = new Uint8Array(0);

function seenScratch(length: number): Uint8Array {
  if (seenBuffer.length < length) seenBuffer = new Uint8Array(length);
  else seenBuffer.fill(0, 0, length);
  return seenBuffer;
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
  const seen = seenScratch(promotions.length);
  const hits: (number[] | undefined)[] = new Array(promotions.length);
  for (const ordinal of index.always) seen[ordinal] = 1;
  // Index loops and no closure: this runs for every line of every calculation.
  for (let lineIndex = 0; lineIndex < cart.lines.length; lineIndex += 1) {
    const line = cart.lines[lineIndex] as Cart['lines'][number];
    mark(index.bySku.get(line.sku), lineIndex, seen, hits);
    if (line.brand !== undefined) mark(index.byBrand.get(line.brand), lineIndex, seen, hits);
    const categories = line.categoryIds;
    if (categories !== undefined) {
      for (let k = 0; k < categories.length; k += 1) {
        mark(index.byCategory.get(categories[k] as string), lineIndex, seen, hits);
      }
    }
  }
  for (const id of couponPromotionIds) {
    const ordinal = index.byId.get(id);
    if (ordinal !== undefined) seen[ordinal] = 1;
  }
  const ordinals: number[] = [];
  // Up to this ruleset's size: the buffer may be longer, left from a larger ruleset.
  for (let ordinal = 0; ordinal < promotions.length; ordinal += 1) {
    if (seen[ordinal] === 1) ordinals.push(ordinal);
  }
  return { ordinals, hits };
}
