import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { CODE_ALPHABET, checkCharacter } from './code-format.ts';
import { newCustomer, newSeries } from './coupon-test-kit.ts';
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
const HEADER = 'code,customer_id,uses,max_uses,issued_at,batch_id';
const code = (body: string) => body + checkCharacter(body);

async function csvOf(seriesId: string, batchId?: string): Promise<string[]> {
  let text = '';
  for await (const chunk of await couponCodesCsv(db, seriesId, batchId)) text += chunk;
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

/** Generates a batch whose random parts are `bodies`, in turn; codes are unique across series,
 * so each test's bodies start with a letter of their own. */
function generate(seriesId: string, batchId: string, bodies: string[]) {
  const queue = [...bodies];
  return generateCouponCodes(
    db,
    systemActor,
    { seriesId, batchId, count: bodies.length },
    { take: () => queue.shift() as string },
  );
}

describe('exporting codes by batch', () => {
  it('exports each batch alone, and the whole series batch by batch', async () => {
    const series = await newSeries(db, { randomLength: 8, usesPerCode: 2 });
    await generate(series.id, 'mail-b', ['A2222222', 'A9999999']);
    await generate(series.id, 'mail-a', ['A8888888', 'A3333333', 'A7777777']);
    const customerId = await newCustomer(db);
    const issued = await issueCoupon(db, systemActor, { seriesId: series.id, customerId, now });
    // The retry answers the batch made first and adds nothing, so its codes export once.
    const retry = await generate(series.id, 'mail-a', ['A4444444', 'A5555555', 'A6666666']);
    expect(retry).toEqual({
      result: { batchId: 'mail-a', generated: 3, codeCount: 5 },
      replayed: true,
    });

    const a = [
      `${code('A3333333')},,0,2,,mail-a`,
      `${code('A7777777')},,0,2,,mail-a`,
      `${code('A8888888')},,0,2,,mail-a`,
    ];
    const b = [`${code('A2222222')},,0,2,,mail-b`, `${code('A9999999')},,0,2,,mail-b`];
    expect(await csvOf(series.id, 'mail-a')).toEqual([HEADER, ...a]);
    expect(await csvOf(series.id, 'mail-b')).toEqual([HEADER, ...b]);
    expect(await csvOf(series.id)).toEqual([
      HEADER,
      ...a,
      ...b,
      `${issued.code},${customerId},0,2,2026-03-01T10:00:00.000Z,`,
    ]);
  });

  it('refuses a batch the series has no codes of', async () => {
    const series = await newSeries(db, { randomLength: 8 });
    const other = await newSeries(db, { randomLength: 8 });
    await generate(series.id, 'mail-a', ['B2222222']);
    await generate(other.id, 'mail-x', ['B3333333']);
    for (const batchId of ['mail-x', 'mail', 'mail-a-2', 'MAIL-A']) {
      await expect(couponCodesCsv(db, series.id, batchId)).rejects.toMatchObject({
        kind: 'not_found',
        code: 'coupon_batch_not_found',
        field: '/batchId',
      });
    }
    await expect(couponCodesCsv(db, 'no-such-series', 'mail-a')).rejects.toMatchObject({
      code: 'coupon_series_not_found',
    });
  });

  it('exports a series without codes as its header, and one of no batch after it', async () => {
    const series = await newSeries(db, { randomLength: 8 });
    expect(await csvOf(series.id)).toEqual([HEADER]);
    const customerId = await newCustomer(db);
    const issued = await issueCoupon(db, systemActor, { seriesId: series.id, customerId, now });
    expect(await csvOf(series.id)).toEqual([
      HEADER,
      `${issued.code},${customerId},0,1,2026-03-01T10:00:00.000Z,`,
    ]);
  });

  it('reads a batch of exactly one page, then the next batch', async () => {
    const series = await newSeries(db, { randomLength: 8 });
    // 10 000 codes fill one export page exactly: C and a number in base 31, in code symbols.
    const base31 = (i: number) =>
      [...i.toString(31).padStart(7, '0')].map((d) => CODE_ALPHABET[parseInt(d, 31)]).join('');
    const bodies = Array.from({ length: 10_000 }, (_, i) => `C${base31(i)}`);
    const sorted = bodies.map(code).sort();
    await generate(series.id, 'page', bodies);
    await generate(series.id, 'plus-one', ['ZZZZZZZZ']);
    const one = `${code('ZZZZZZZZ')},,0,1,,plus-one`;
    const page = sorted.map((c) => `${c},,0,1,,page`);
    expect(await csvOf(series.id, 'page')).toEqual([HEADER, ...page]);
    expect(await csvOf(series.id)).toEqual([HEADER, ...page, one]);
  });
});
