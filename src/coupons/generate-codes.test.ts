import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { generateCodes, newSeries, parallelClients, race } from './coupon-test-kit.ts';
import { generateCouponCodes } from './generate-codes.ts';

let database: TestDatabase;
let db: Db;
let clients: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  clients = parallelClients(database, 10);
});
afterAll(() => database.close());

const codesOf = async (seriesId: string) =>
  (
    await db
      .selectFrom('coupons')
      .select('code')
      .where('series_id', '=', seriesId)
      .orderBy('code')
      .execute()
  ).map((row) => row.code);

describe('generating codes by batch', () => {
  it('answers a repeated batch with its first result and adds no code', async () => {
    const series = await newSeries(db);
    const request = { seriesId: series.id, batchId: 'march-1', count: 40 };
    const first = await generateCouponCodes(db, systemActor, request);
    expect(first).toEqual({
      result: { batchId: 'march-1', generated: 40, codeCount: 40 },
      replayed: false,
    });
    const codes = await codesOf(series.id);
    await generateCodes(db, series.id, 5);
    // The repeat answers the count as it was when the batch was made, not the 45 of now.
    expect(await generateCouponCodes(db, systemActor, request)).toEqual({
      result: first.result,
      replayed: true,
    });
    expect(await codesOf(series.id)).toHaveLength(45);
    expect((await codesOf(series.id)).filter((code) => codes.includes(code))).toEqual(codes);
  });

  it('refuses the same batch id with another count, and adds nothing', async () => {
    const series = await newSeries(db);
    await generateCouponCodes(db, systemActor, { seriesId: series.id, batchId: 'b', count: 10 });
    await expect(
      generateCouponCodes(db, systemActor, { seriesId: series.id, batchId: 'b', count: 11 }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'batch_conflict',
      field: '/count',
      problems: [
        { field: '/count', code: 'batch_conflict', message: '10 in the first request, 11 now' },
      ],
    });
    expect(await codesOf(series.id)).toHaveLength(10);
  });

  it('keeps batch ids per series', async () => {
    const [one, two] = [await newSeries(db), await newSeries(db)];
    for (const series of [one, two]) {
      const outcome = await generateCouponCodes(db, systemActor, {
        seriesId: series.id,
        batchId: 'welcome',
        count: 3,
      });
      expect(outcome.replayed).toBe(false);
      expect(await codesOf(series.id)).toHaveLength(3);
    }
  });

  it('makes one batch of 8 simultaneous requests with one batch id', async () => {
    const series = await newSeries(db);
    const request = { seriesId: series.id, batchId: 'race', count: 500 };
    const results = await race(
      database,
      Array.from({ length: 8 }, () => () => generateCouponCodes(clients, systemActor, request)),
    );
    const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
    expect(outcomes.filter((o) => o.replayed === false)).toHaveLength(1);
    expect(outcomes.filter((o) => o.replayed === true)).toHaveLength(7);
    for (const outcome of outcomes) {
      expect(outcome.result).toEqual({ batchId: 'race', generated: 500, codeCount: 500 });
    }
    expect(await codesOf(series.id)).toHaveLength(500);
  });
});
