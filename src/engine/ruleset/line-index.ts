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
  for (const { definition, mechanic, ordinal } of promotions) {
    const scope =
      mechanic.indexScope(definition.mechanic) ?? definition.conditions?.mustContain ?? null;
    if (scope?.skus !== undefined) push(bySku, scope.skus, ordinal);
    else if (scope?.brands !== undefined) push(byBrand, scope.brands, ordinal);
    else if (scope?.categoryIds !== undefined) push(byCategory, scope.categoryIds, ordinal);
    else always.push(ordinal);
  }
  const byId = new Map(promotions.map((p) => [p.definition.id, p.ordinal]));
  return { bySku, byBrand, byCategory, always, byId };
}

/**
 * Ordinals of the promotions that may touch `cart`, plus those whose coupon was entered (so the
 * customer hears why a coupon did nothing), ascending: that is, in application order.
 */
export function candidatesFor(
  ruleset: { readonly index: LineIndex; readonly promotions: readonly CompiledPromotion[] },
  cart: Cart,
  couponPromotionIds: readonly string[],
): number[] {
  const { index, promotions } = ruleset;
  const seen = new Uint8Array(promotions.length);
  const mark = (list: readonly number[] | undefined) => {
    if (list !== undefined) for (const ordinal of list) seen[ordinal] = 1;
  };
  mark(index.always);
  for (const line of cart.lines) {
    mark(index.bySku.get(line.sku));
    if (line.brand !== undefined) mark(index.byBrand.get(line.brand));
    for (const category of line.categoryIds ?? []) mark(index.byCategory.get(category));
  }
  for (const id of couponPromotionIds) {
    const ordinal = index.byId.get(id);
    if (ordinal !== undefined) seen[ordinal] = 1;
  }
  const candidates: number[] = [];
  seen.forEach((flag, ordinal) => {
    if (flag === 1) candidates.push(ordinal);
  });
  return candidates;
}
