import { randomUUID } from 'node:crypto';
import { systemActor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import type { TestDatabase } from '../store/test-database.ts';
import { type CouponSeriesInput, createCouponSeries } from './coupon-series.ts';
import { generateCouponCodes } from './generate-codes.ts';
import type { SymbolSource } from './random-codes.ts';

/** Test builders shared by the coupon, budget and gift-card tests. */

/** A stored promotion row; the definition matters only to the engine, not to these modules. */
export async function newPromotion(db: Db, id = `promo-${randomUUID()}`): Promise<string> {
  await db
    .insertInto('promotions')
    .values({ id, status: 'active', definition: JSON.stringify({ id }), revision: 1 })
    .execute();
  return id;
}

export async function newCustomer(db: Db): Promise<string> {
  const id = randomUUID();
  await db.insertInto('customers').values({ id }).execute();
  return id;
}

/** A series on a fresh promotion, with the given settings over single-use unique codes. */
export async function newSeries(db: Db, overrides: Partial<CouponSeriesInput> = {}) {
  const promotionId = overrides.promotionId ?? (await newPromotion(db));
  return createCouponSeries(db, systemActor, {
    id: `series-${randomUUID()}`,
    name: 'Test series',
    kind: 'unique',
    ...overrides,
    promotionId,
  });
}

/** Adds `count` codes to a series in a batch of its own. */
export async function generateCodes(
  db: Db,
  seriesId: string,
  count: number,
  symbols?: SymbolSource,
): Promise<void> {
  await generateCouponCodes(db, systemActor, { seriesId, batchId: randomUUID(), count }, symbols);
}

/** Calls at once on PostgreSQL (a pool of real connections), one by one on the embedded PGlite. */
export async function race<T>(
  database: TestDatabase,
  calls: (() => Promise<T>)[],
): Promise<PromiseSettledResult<T>[]> {
  if (database.driver === 'postgres') return Promise.allSettled(calls.map((call) => call()));
  const results: PromiseSettledResult<T>[] = [];
  for (const call of calls) {
    results.push(
      await call().then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      ),
    );
  }
  return results;
}

/** Parallel clients on PostgreSQL; the single embedded connection on PGlite. */
export function parallelClients(database: TestDatabase, poolSize: number): Db {
  return database.driver === 'postgres' ? database.reopen(poolSize) : database.db;
}
