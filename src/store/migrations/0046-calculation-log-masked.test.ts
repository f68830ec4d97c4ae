import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../database.ts';
import { createTestDatabase, type TestDatabase } from '../test-database.ts';
import { up } from './0046-calculation-log-masked.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.close());

const R = '[redacted]';
const customerId = '0f8e2c1a-6b4d-4e3a-9c71-2d5b8a4f6e10';

async function logged(id: string, request: object, result: object): Promise<void> {
  await sql`INSERT INTO calculation_log (id, created_at, store_id, ruleset_version, request, result)
    VALUES (${id}::uuid, now(), 'msk', '1', ${JSON.stringify(request)}::jsonb,
      ${JSON.stringify(result)}::jsonb)`.execute(db);
}

async function read(id: string): Promise<{ request: unknown; result: unknown }> {
  const { rows } = await sql<{ request: unknown; result: unknown }>`
    SELECT request, result FROM calculation_log WHERE id = ${id}::uuid`.execute(db);
  return rows[0] as { request: unknown; result: unknown };
}

describe('the calculation log masked (migration 0046)', () => {
  it("masks the rows' customer identifiers and coupon codes, keeping their shape", async () => {
    const lines = [{ lineId: '1', sku: '4607025390015', unitPriceMinor: 8_990, quantity: 2 }];
    await logged(
      '00000000-0000-4000-8000-000000000001',
      { storeId: 'msk', customer: { phone: '+79123456789' }, lines, couponCodes: ['A-1', 'B-2'] },
      {
        totalMinor: 17_980,
        appliedPromotions: [
          { promotionId: 'spring', couponCode: 'A-1' },
          { promotionId: 'oils', couponCode: null },
        ],
        coupons: [
          { code: 'A-1', accepted: true, reason: null },
          { code: 'B-2', accepted: false, reason: 'expired' },
        ],
        explanations: [{ code: 'outside_schedule' }],
      },
    );
    await logged(
      '00000000-0000-4000-8000-000000000002',
      { storeId: 'msk', customer: { external: { system: 'shop', id: '42' } }, lines },
      { totalMinor: 17_980, appliedPromotions: [], coupons: [] },
    );
    await logged(
      '00000000-0000-4000-8000-000000000003',
      { storeId: 'msk', customer: { id: customerId }, lines, couponCodes: [] },
      { totalMinor: 17_980, appliedPromotions: [], coupons: [] },
    );
    const migrated = db as unknown as Kysely<unknown>;
    await up(migrated);
    // Run again, as a restart after a partial migration would: masked rows stay as they are.
    await up(migrated);

    expect(await read('00000000-0000-4000-8000-000000000001')).toEqual({
      request: { storeId: 'msk', customer: { phone: R }, lines, couponCodes: [R, R] },
      result: {
        totalMinor: 17_980,
        appliedPromotions: [
          { promotionId: 'spring', couponCode: R },
          { promotionId: 'oils', couponCode: null },
        ],
        coupons: [
          { code: R, accepted: true, reason: null },
          { code: R, accepted: false, reason: 'expired' },
        ],
        explanations: [{ code: 'outside_schedule' }],
      },
    });
    expect(await read('00000000-0000-4000-8000-000000000002')).toEqual({
      request: { storeId: 'msk', customer: { external: { system: R, id: R } }, lines },
      result: { totalMinor: 17_980, appliedPromotions: [], coupons: [] },
    });
    expect(await read('00000000-0000-4000-8000-000000000003')).toEqual({
      request: { storeId: 'msk', customer: { id: customerId }, lines, couponCodes: [] },
      result: { totalMinor: 17_980, appliedPromotions: [], coupons: [] },
    });
  });
});
