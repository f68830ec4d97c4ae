import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { loadProductFacts } from './product-facts.ts';
import { ProductFactsCache } from './product-facts-cache.ts';

let database: TestDatabase;
let db: Db;
let clock = 1_000_000;
let reads = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await db
    .insertInto('products')
    .values(
      ['A', 'B', 'C'].map((sku) => ({
        sku,
        name: `Product ${sku}`,
        brand: null,
        category_id: null,
        attributes: JSON.stringify({}),
        tags: [],
        min_price_minor: null,
        no_discount: false,
        no_points_payment: false,
        no_accrual: false,
      })) as never,
    )
    .execute();
});
afterAll(() => database.close());

// Counts the reads the cache sends to the catalogue.
const load = (skus: readonly string[]) => {
  reads += 1;
  return loadProductFacts(db, skus);
};

describe('ProductFactsCache', () => {
  it('reads only what it lacks or what is older than its time, unknown SKUs included', async () => {
    const cache = new ProductFactsCache(load, 5_000, 100, () => clock);
    reads = 0;
    const first = await cache.get(['A', 'B', 'NOPE']);
    expect([...first.keys()].sort()).toEqual(['A', 'B']);
    expect(reads).toBe(1);
    await db.updateTable('products').set({ name: 'Renamed A' }).where('sku', '=', 'A').execute();
    clock += 4_999;
    expect((await cache.get(['A', 'NOPE'])).get('A')?.name).toBe('Product A');
    expect(reads).toBe(1);
    clock += 1;
    expect((await cache.get(['A'])).get('A')?.name).toBe('Renamed A');
  });

  it('keeps at most its size, dropping the oldest loaded first', async () => {
    const cache = new ProductFactsCache(load, 60_000, 2, () => clock);
    reads = 0;
    await cache.get(['A']);
    await cache.get(['B']);
    await cache.get(['C']);
    expect(reads).toBe(3);
    await cache.get(['B', 'C']);
    expect(reads).toBe(3);
    // A was the oldest of three: dropped, so read again.
    await cache.get(['A']);
    expect(reads).toBe(4);
  });

  it('forgets everything on a change, and keeps nothing a read in flight then brings back', async () => {
    const cache = new ProductFactsCache(load, 60_000, 100, () => clock);
    await db.updateTable('products').set({ name: 'Product B' }).where('sku', '=', 'B').execute();
    expect((await cache.get(['B'])).get('B')?.name).toBe('Product B');
    await db.updateTable('products').set({ name: 'Renamed B' }).where('sku', '=', 'B').execute();
    cache.forgetAll();
    expect((await cache.get(['B'])).get('B')?.name).toBe('Renamed B');

    // A read that started before the change answers what it read, but does not keep it.
    const inFlight = cache.get(['C']);
    await db.updateTable('products').set({ name: 'Renamed C' }).where('sku', '=', 'C').execute();
    cache.forgetAll();
    reads = 0;
    await inFlight;
    expect((await cache.get(['C'])).get('C')?.name).toBe('Renamed C');
    expect(reads).toBe(1);
  });
});
