import type { ProductFacts } from './product-facts.ts';

/** Where a price list reads products' facts from. */
export interface ProductFactsSource {
  get(skus: readonly string[]): Promise<Map<string, ProductFacts>>;
}

/**
 * Products' facts kept a few seconds per node, for web-shop price lists (`POST /v1/prices`),
 * which ask for the same catalogue pages over and over: reading a hundred products was the
 * largest part of such a call (on the embedded database, decoding the rows). A catalogue change
 * shows in shop prices within `ttlMs`, on this node as on others; carts and commits never read
 * from here, so what a till charges is always the catalogue's current state. SKUs the catalogue
 * lacks are remembered as lacking for the same time. At most `maxEntries` SKUs are kept, the
 * oldest loaded dropped first.
 */
export class ProductFactsCache implements ProductFactsSource {
  private readonly entries = new Map<string, { facts: ProductFacts | null; until: number }>();

  /** `load` reads products from the catalogue (loadProductFacts on the node's database). */
  constructor(
    private readonly load: (skus: readonly string[]) => Promise<Map<string, ProductFacts>>,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 100_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(skus: readonly string[]): Promise<Map<string, ProductFacts>> {
    const now = this.clock();
    const found = new Map<string, ProductFacts>();
    const missing: string[] = [];
    for (const sku of skus) {
      const entry = this.entries.get(sku);
      if (entry === undefined || entry.until <= now) missing.push(sku);
      else if (entry.facts !== null) found.set(sku, entry.facts);
    }
    if (missing.length === 0) return found;
    const loaded = await this.load(missing);
    for (const sku of missing) {
      const facts = loaded.get(sku) ?? null;
      // Deleted first, so a reloaded SKU counts as the newest.
      this.entries.delete(sku);
      this.entries.set(sku, { facts, until: now + this.ttlMs });
      if (facts !== null) found.set(sku, facts);
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return found;
  }
}
