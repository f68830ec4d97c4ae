import type { Db } from '../store/database.ts';
import { loadProductFacts, type ProductFacts } from './product-facts.ts';

/**
 * What a node keeps of the catalogue (products' facts and the category tree), dropped as one
 * when the catalogue changes.
 */
export interface CatalogueCaches {
  forgetAll(): void;
}

/** Where a price list reads products' facts from. */
export interface ProductFactsSource {
  get(skus: readonly string[]): Promise<Map<string, ProductFacts>>;
}

/**
 * Products' facts kept per node for carts, commits and web-shop price lists: reading the cart's
 * products was a statement of every calculation and commit, and the largest part of a price
 * list (on the embedded database, decoding the rows). A catalogue change drops everything kept:
 * at once on the node that made it (its routes call `forgetAll` when the write has committed),
 * and on other nodes when the change feed hears it (`catalogue`, migration 0045). `ttlMs` is the
 * safety net for a feed that hears nothing: the node's fallback check interval. SKUs the
 * catalogue lacks are remembered as lacking the same way. At most `maxEntries` SKUs are kept,
 * the oldest loaded dropped first.
 */
export class ProductFactsCache implements ProductFactsSource {
  private readonly entries = new Map<string, { facts: ProductFacts | null; until: number }>();
  // Bumped by `forgetAll`: a read that started before a change must not keep what it read.
  private generation = 0;

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
    const generation = this.generation;
    const loaded = await this.load(missing);
    const keep = generation === this.generation;
    for (const sku of missing) {
      const facts = loaded.get(sku) ?? null;
      if (facts !== null) found.set(sku, facts);
      if (!keep) continue;
      // Deleted first, so a reloaded SKU counts as the newest.
      this.entries.delete(sku);
      this.entries.set(sku, { facts, until: now + this.ttlMs });
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return found;
  }

  /** Forgets every product: the catalogue changed. */
  forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
  }
}

/** The catalogue read each time, for callers outside a node (the demo's seed, jobs, benches). */
export function directProductFacts(db: Db): ProductFactsSource {
  return { get: (skus) => loadProductFacts(db, skus) };
}
