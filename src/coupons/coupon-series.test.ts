import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { hasValidCheck } from './code-format.ts';
import { createCouponSeries, getCouponSeries } from './coupon-series.ts';
import { generateCodes, newCustomer, newPromotion, newSeries } from './coupon-test-kit.ts';
import { couponCodesCsv } from './export-codes.ts';
import { generateCouponCodes } from './generate-codes.ts';
import { issueCoupon } from './issue-coupon.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.close());

const now = new Date('2026-03-01T10:00:00Z');

async function csvOf(seriesId: string): Promise<string> {
  let text = '';
  for await (const chunk of await couponCodesCsv(db, seriesId)) text += chunk;
  return text;
}

describe('coupon series', () => {
  it('refuses a bad series with every problem at once', async () => {
    const promotionId = await newPromotion(db);
    await expect(
      createCouponSeries(db, systemActor, {
        id: 's-bad',
        promotionId,
        name: 'Bad',
        kind: 'unique',
        prefix: 'GOLD',
        randomLength: 6,
        totalUses: 3,
        validFrom: '2026-03-02T00:00:00Z',
        validTo: '2026-03-01T00:00:00Z',
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      problems: [
        { field: '/prefix', code: 'prefix_not_in_alphabet' },
        { field: '/randomLength', code: 'too_guessable' },
        { field: '/totalUses', code: 'not_for_unique' },
        { field: '/validTo', code: 'period_empty' },
      ],
    });
  });

  it('refuses an unknown promotion and a taken id', async () => {
    await expect(
      createCouponSeries(db, systemActor, {
        id: 's-x',
        promotionId: 'nope',
        name: 'X',
        kind: 'unique',
      }),
    ).rejects.toMatchObject({ code: 'promotion_not_found' });
    const series = await newSeries(db);
    await expect(
      createCouponSeries(db, systemActor, {
        id: series.id,
        promotionId: series.promotionId,
        name: 'Again',
        kind: 'unique',
      }),
    ).rejects.toMatchObject({ code: 'coupon_series_exists' });
  });

  it('a shared series holds one promo code: prefix plus check character', async () => {
    const series = await newSeries(db, { kind: 'shared', prefix: 'SUMMER-25', totalUses: 100 });
    expect(series).toMatchObject({
      kind: 'shared',
      codeCount: 1,
      totalUses: 100,
      usesPerCode: null,
    });
    expect(series.code).toMatch(/^SUMMER25.$/);
    expect(hasValidCheck(series.code as string)).toBe(true);
    await expect(generateCodes(db, series.id, 10)).rejects.toMatchObject({
      code: 'shared_series_has_one_code',
    });
  });

  it('generates exactly N unique codes and states the guess probability', async () => {
    const series = await newSeries(db, { prefix: 'SP', randomLength: 10 });
    const request = { seriesId: series.id, batchId: 'b1', count: 25_000 };
    expect(await generateCouponCodes(db, systemActor, request)).toEqual({
      result: { batchId: 'b1', generated: 25_000, codeCount: 25_000 },
      replayed: false,
    });
    const stored = await getCouponSeries(db, series.id);
    expect(stored.guessProbability).toBe(25_000 / 31 ** 10);
    await expect(generateCodes(db, series.id, 0)).rejects.toMatchObject({
      code: 'count_out_of_range',
    });
  });

  it('replaces codes that collide, within a batch and with stored codes', async () => {
    const series = await newSeries(db, { randomLength: 8 });
    const sequence = ['22222222', '22222222', '33333333', '22222222', '44444444'];
    const source = { take: () => sequence.shift() ?? '55555555' };
    await generateCodes(db, series.id, 2, source);
    await generateCodes(db, series.id, 2, source);
    const csv = await csvOf(series.id);
    expect(
      csv
        .split('\n')
        .slice(1, -1)
        .map((row) => row.slice(0, 8))
        // The two batches have random ids, so they export in either order.
        .sort(),
    ).toEqual(['22222222', '33333333', '44444444', '55555555']);
  });

  it('exports the codes as CSV, issued ones with their customer', async () => {
    const series = await newSeries(db, { usesPerCode: 2 });
    await generateCodes(db, series.id, 3);
    const customerId = await newCustomer(db);
    const issued = await issueCoupon(db, systemActor, { seriesId: series.id, customerId, now });
    const rows = (await csvOf(series.id)).trimEnd().split('\n');
    expect(rows[0]).toBe('code,customer_id,uses,max_uses,issued_at,batch_id');
    expect(rows).toHaveLength(5);
    expect(rows[4]).toBe(`${issued.code},${customerId},0,2,2026-03-01T10:00:00.000Z,`);
    expect(rows.filter((row) => /^\w+,,0,2,,[\w-]+$/.test(row))).toHaveLength(3);
  });

  it('refuses to issue to an unknown customer', async () => {
    const series = await newSeries(db);
    await expect(
      issueCoupon(db, systemActor, { seriesId: series.id, customerId: crypto.randomUUID(), now }),
    ).rejects.toMatchObject({ code: 'customer_not_found' });
  });
});
