import type { CartLine } from '../model/cart.ts';
import type { ProductSelector } from '../selector/product-selector.ts';

// Beyond this many keys, looking each one up costs about as much as testing every line.
const MAX_KEYS = 8;

const NONE: readonly number[] = Object.freeze([]);

function add(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else if (list[list.length - 1] !== index) list.push(index);
}

/**
 * A cart's lines by SKU, brand and category, built on first use. A selector outside the ruleset
 * index (a cross-discount target, a bundle's second component) then finds the lines that may match
 * by a few look-ups instead of testing every line.
 */
export class CartLineIndex {
  private maps: {
    sku: Map<string, number[]>;
    brand: Map<string, number[]>;
    category: Map<string, number[]>;
  } | null = null;

  constructor(private readonly lines: readonly CartLine[]) {}

  /**
   * Ascending indexes of the lines that may match `selector` (a superset of those that do), or
   * null when it names no SKU, brand or category cheap enough to look up.
   */
  candidates(selector: ProductSelector): readonly number[] | null {
    // The shortest of the three key lists, picked without building a list of them (this runs for
    // every selector outside the ruleset index in every evaluation).
    let keys = selector.skus;
    let kind: 'sku' | 'brand' | 'category' = 'sku';
    const { brands, categoryIds } = selector;
    if (brands !== undefined && (keys === undefined || brands.length < keys.length)) {
      keys = brands;
      kind = 'brand';
    }
    if (categoryIds !== undefined && (keys === undefined || categoryIds.length < keys.length)) {
      keys = categoryIds;
      kind = 'category';
    }
    if (keys === undefined || keys.length > MAX_KEYS) return null;
    const map = this.indexed()[kind];
    if (keys.length === 1) return map.get(keys[0] as string) ?? NONE;
    let found: number[] | null = null;
    for (const key of keys) {
      const indexes = map.get(key);
      if (indexes === undefined) continue;
      if (found === null) found = indexes.slice();
      else for (const index of indexes) if (!found.includes(index)) found.push(index);
    }
    return found === null ? NONE : found.sort((a, b) => a - b);
  }

  private indexed() {
    if (this.maps === null) {
      const sku = new Map<string, number[]>();
      const brand = new Map<string, number[]>();
      const category = new Map<string, number[]>();
      this.lines.forEach((line, index) => {
        add(sku, line.sku, index);
        if (line.brand !== undefined) add(brand, line.brand, index);
        for (const id of line.categoryIds ?? []) add(category, id, index);
      });
      this.maps = { sku, brand, category };
    }
    return this.maps;
  }
}
