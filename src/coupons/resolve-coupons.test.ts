import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { line, promo, run } from '../engine/testing/fixtures.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { checkCharacter } from './code-format.ts';
import { consumeCoupons } from './consume-coupons.ts';
import { toEngineEntries } from './coupon-check.ts';
import { generateCodes, newCustomer, newSeries } from './coupon-test-kit.ts';
import { FailureLimiter } from './failure-limiter.ts';
import { issueCoupon } from './issue-coupon.ts';
import { resolveCoupons } from './resolve-coupons.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.close());

const now = new Date('2026-03-01T10:00:00Z');
const freshLimiter = () => new FailureLimiter({ capacity: 1000, refillPerMinute: 1 });

async function oneCode(overrides: Parameters<typeof newSeries>[1] = {}) {
  const series = await newSeries(db, overrides);
  if (series.kind === 'shared') return { series, code: series.code as string };
  await generateCodes(db, series.id, 1);
  const row = await db
    .selectFrom('coupons')
    .select('code')
    .where('series_id', '=', series.id)
    .executeTakeFirstOrThrow();
  return { series, code: row.code };
}

async function check(code: string, customerId: string | null = null, storeId = 'msk-1') {
  const result = await resolveCoupons(
    db,
    { codes: [code], customerId, storeId, now, apiKeyId: null },
    freshLimiter(),
  );
  if (!result.ok) throw new Error('refused');
  return result.coupons[0];
}

describe('resolveCoupons: every explanation', () => {
  it('valid, normalised from what the cashier typed', async () => {
    const { series, code } = await oneCode();
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    expect(await check(typed)).toEqual({ code, promotionId: series.promotionId, valid: true });
  });

  it('unknown: well formed but not stored, and a typo caught by the check character', async () => {
    const body = 'QQQQQQQQQQ';
    expect(await check(body + checkCharacter(body))).toEqual({
      code: body + checkCharacter(body),
      valid: false,
      reason: 'unknown',
    });
    const { code } = await oneCode();
    const typo = code.slice(0, 3) + (code[3] === 'A' ? 'B' : 'A') + code.slice(4);
    expect(await check(typo)).toMatchObject({ valid: false, reason: 'unknown' });
  });

  it('not_started and expired (validTo is exclusive)', async () => {
    const { code: early } = await oneCode({ validFrom: '2026-03-01T10:00:01Z' });
    expect(await check(early)).toMatchObject({ valid: false, reason: 'not_started' });
    const { code: late } = await oneCode({ validTo: '2026-03-01T10:00:00Z' });
    expect(await check(late)).toMatchObject({ valid: false, reason: 'expired' });
  });

  it('wrong_store', async () => {
    const { code } = await oneCode({ storeIds: ['spb-1'] });
    expect(await check(code, null, 'msk-1')).toMatchObject({ valid: false, reason: 'wrong_store' });
    expect(await check(code, null, 'spb-1')).toMatchObject({ valid: true });
  });

  it('other_customer: an issued code belongs to its customer', async () => {
    const series = await newSeries(db);
    const [owner, stranger] = [await newCustomer(db), await newCustomer(db)];
    const { code } = await issueCoupon(db, systemActor, {
      seriesId: series.id,
      customerId: owner,
      now,
    });
    expect(await check(code, stranger)).toMatchObject({ valid: false, reason: 'other_customer' });
    expect(await check(code, null)).toMatchObject({ valid: false, reason: 'other_customer' });
    expect(await check(code, owner)).toMatchObject({ valid: true });
  });

  it('exhausted: a single-use code after its use; used_by_customer: a promo code after this customer’s uses', async () => {
    const { code } = await oneCode();
    await consume(code, null);
    expect(await check(code)).toMatchObject({ valid: false, reason: 'exhausted' });
    const { code: promoCode } = await oneCode({
      kind: 'shared',
      prefix: 'SUMMER',
      perCustomerUses: 1,
    });
    const customer = await newCustomer(db);
    await consume(promoCode, customer);
    expect(await check(promoCode, customer)).toMatchObject({
      valid: false,
      reason: 'used_by_customer',
    });
    expect(await check(promoCode, await newCustomer(db))).toMatchObject({ valid: true });
  });

  it('customer_required: a per-customer promo code entered anonymously', async () => {
    const { code } = await oneCode({ kind: 'shared', prefix: 'AUTUMN', perCustomerUses: 2 });
    expect(await check(code, null)).toMatchObject({ valid: false, reason: 'customer_required' });
  });

  it('conditions not met: a valid coupon whose promotion the engine does not apply', async () => {
    const { series, code } = await oneCode();
    const coupons = toEngineEntries([(await check(code)) as never]);
    const definition = promo(
      series.promotionId,
      { kind: 'percent-off', scope: { skus: ['milk'] }, percentBp: 1000 },
      { couponRequired: true, conditions: { minSubtotal: { amountMinor: 100_000 } } },
    );
    const result = run([line('1', 'milk', 50_000, 1)], [definition], {
      context: { couponCodes: coupons },
    });
    expect(result.coupons).toEqual([
      { code, promotionId: series.promotionId, accepted: false, reason: 'threshold_not_met' },
    ]);
  });
});

async function consume(code: string, customerId: string | null) {
  const result = await db.transaction().execute((trx) =>
    consumeCoupons(trx, {
      purchaseId: crypto.randomUUID(),
      customerId,
      storeId: 'msk-1',
      codes: [code],
      now,
    }),
  );
  expect(result.ok).toBe(true);
}

describe('failed lookups are rate-limited', () => {
  it('refuses an API key after its burst of unknown codes, then forgives over time', async () => {
    let clock = 0;
    const limiter = new FailureLimiter({ capacity: 3, refillPerMinute: 6, clock: () => clock });
    const guess = (codes: string[]) =>
      resolveCoupons(
        db,
        { codes, customerId: null, storeId: 'msk-1', now, apiKeyId: 'k1' },
        limiter,
      );
    expect((await guess(['AAAAAAAA2', 'BBBBBBBB2', 'CCCCCCCC2'])).ok).toBe(true);
    expect(await guess(['DDDDDDDD2'])).toEqual({
      ok: false,
      code: 'too_many_failed_lookups',
      retryAfterSeconds: 10,
    });
    clock += 10_000;
    expect((await guess(['DDDDDDDD2'])).ok).toBe(true);
    expect((await guess(['EEEEEEEE2'])).ok).toBe(false);
  });

  it('counts only failures: valid codes never exhaust the bucket', async () => {
    const limiter = new FailureLimiter({ capacity: 1, refillPerMinute: 1, clock: () => 0 });
    const { code } = await oneCode();
    for (let i = 0; i < 5; i += 1) {
      const result = await resolveCoupons(
        db,
        { codes: [code], customerId: null, storeId: 'msk-1', now, apiKeyId: 'k2' },
        limiter,
      );
      expect(result.ok).toBe(true);
    }
  });
});
