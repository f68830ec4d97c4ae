import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { consumeCoupons, releaseCoupons } from './consume-coupons.ts';
import { generateCodes, newCustomer, newSeries, parallelClients, race } from './coupon-test-kit.ts';

let database: TestDatabase;
let db: Db;
let clients: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  clients = parallelClients(database, 20);
});
afterAll(() => database.close());

const now = new Date('2026-03-01T10:00:00Z');

async function codesOf(overrides: Parameters<typeof newSeries>[1], count = 1) {
  const series = await newSeries(db, overrides);
  if (series.kind === 'unique') await generateCodes(db, series.id, count);
  const rows = await db
    .selectFrom('coupons')
    .select('code')
    .where('series_id', '=', series.id)
    .orderBy('code')
    .execute();
  return { series, codes: rows.map((r) => r.code) };
}

function commit(
  on: Db,
  codes: string[],
  customerId: string | null = null,
  purchaseId = randomUUID(),
) {
  return on.transaction().execute(async (trx) => {
    const result = await consumeCoupons(trx, {
      purchaseId,
      customerId,
      storeId: 'msk-1',
      codes,
      now,
    });
    // The commit use case rolls its transaction back on a refusal.
    if (!result.ok) throw Object.assign(new Error('refused'), { refused: result.refused });
    return { purchaseId, ...result };
  });
}

const usesOf = async (code: string) =>
  (await db.selectFrom('coupons').select('uses').where('code', '=', code).executeTakeFirstOrThrow())
    .uses;

describe('consumeCoupons under concurrency', () => {
  it('a single-use coupon committed on two tills at once succeeds exactly once', async () => {
    const { series, codes } = await codesOf({});
    const [code] = codes as [string];
    const results = await race(database, [
      () => commit(clients, [code]),
      () => commit(clients, [code]),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({
      value: { consumed: [{ code, promotionId: series.promotionId }] },
    });
    expect(lost.map((r) => (r as PromiseRejectedResult).reason.refused)).toEqual([
      [{ code, reason: 'exhausted' }],
    ]);
    expect(await usesOf(code)).toBe(1);
    const redemptions = await db
      .selectFrom('coupon_redemptions')
      .selectAll()
      .where('code', '=', code)
      .execute();
    expect(redemptions).toHaveLength(1);
  });

  it('a promo code with 5 total uses, 20 tills at once: exactly 5 succeed', async () => {
    const { codes } = await codesOf({ kind: 'shared', prefix: 'MAX5', totalUses: 5 });
    const [code] = codes as [string];
    const results = await race(
      database,
      Array.from({ length: 20 }, () => () => commit(clients, [code])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(await usesOf(code)).toBe(5);
  });

  it('a promo code once per customer, one customer on 10 tills at once: exactly 1 succeeds', async () => {
    const { codes } = await codesOf({ kind: 'shared', prefix: 'UNE', perCustomerUses: 1 });
    const [code] = codes as [string];
    const customer = await newCustomer(db);
    const results = await race(
      database,
      Array.from({ length: 10 }, () => () => commit(clients, [code], customer)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await usesOf(code)).toBe(1);
  });
});

describe('consumeCoupons', () => {
  it('refuses all when one code fails, writing nothing', async () => {
    const { codes } = await codesOf({}, 2);
    const [a, b] = codes as [string, string];
    await commit(db, [a]);
    const refused = await db.transaction().execute((trx) =>
      consumeCoupons(trx, {
        purchaseId: randomUUID(),
        customerId: null,
        storeId: 'msk-1',
        codes: [a, b],
        now,
      }),
    );
    expect(refused).toEqual({ ok: false, refused: [{ code: a, reason: 'exhausted' }].sort() });
    expect(await usesOf(b)).toBe(0);
  });

  it('a code with 3 uses per code serves three purchases', async () => {
    const { codes } = await codesOf({ usesPerCode: 3 });
    const [code] = codes as [string];
    for (let i = 0; i < 3; i += 1) await commit(db, [code]);
    await expect(commit(db, [code])).rejects.toMatchObject({
      refused: [{ code, reason: 'exhausted' }],
    });
  });
});

describe('releaseCoupons', () => {
  it('gives a cancelled purchase its coupon back once, by the series rule', async () => {
    const { codes } = await codesOf({});
    const [code] = codes as [string];
    const { purchaseId } = await commit(db, [code]);
    const release = () =>
      db.transaction().execute((trx) => releaseCoupons(trx, { purchaseId, now }));
    expect(await release()).toEqual([code]);
    expect(await release()).toEqual([]);
    expect(await usesOf(code)).toBe(0);
    await commit(db, [code]);
    expect(await usesOf(code)).toBe(1);
  });

  it('keeps the coupon when the series says a cancel does not give it back', async () => {
    const { codes } = await codesOf({ releaseOnCancel: false });
    const [code] = codes as [string];
    const { purchaseId } = await commit(db, [code]);
    expect(
      await db.transaction().execute((trx) => releaseCoupons(trx, { purchaseId, now })),
    ).toEqual([]);
    expect(await usesOf(code)).toBe(1);
  });
});
