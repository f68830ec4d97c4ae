import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { accruePoints } from './accrue-points.ts';
import { checkPointsInvariant } from './points-invariant.ts';
import { at, inTransaction, lotRemainders, newCustomer, useSettings } from './points-test-kit.ts';
import { redeemPoints } from './redeem-points.ts';
import { restorePoints } from './restore-points.ts';
import { takeBackPoints } from './take-back-points.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const day = (n: number) => at('2026-01-01T10:00:00Z') + n * 86_400_000;
const run = <T>(work: (trx: TestDatabase['db']) => Promise<{ result: T }>) =>
  inTransaction(database.db, work).then((outcome) => outcome.result);
const accrue = (customerId: string, purchaseId: string, points: number, earnedAt: number) =>
  run((trx) =>
    accruePoints(trx, {
      operationId: `a:${purchaseId}`,
      customerId,
      purchaseId,
      points,
      earnedAt,
      now: earnedAt,
    }),
  );
const redeem = (customerId: string, purchaseId: string, points: number, now: number) =>
  run((trx) =>
    redeemPoints(trx, { operationId: `r:${purchaseId}`, customerId, purchaseId, points, now }),
  );
const takeBack = (
  customerId: string,
  purchaseId: string,
  points: number,
  now: number,
  key: string,
) => run((trx) => takeBackPoints(trx, { operationId: key, customerId, purchaseId, points, now }));
const restore = (
  customerId: string,
  purchaseId: string,
  points: number,
  now: number,
  key: string,
) => run((trx) => restorePoints(trx, { operationId: key, customerId, purchaseId, points, now }));

describe('takeBackPoints after the points were spent', () => {
  it('under negative_balance takes what is left and records the rest as debt', async () => {
    await useSettings(database.db, {
      pendingDays: 0,
      expiry: null,
      returnPolicyWhenSpent: 'negative_balance',
    });
    const customer = await newCustomer(database.db);
    await accrue(customer, 'n1', 100, day(0));
    await redeem(customer, 'n2', 80, day(1));

    const result = await takeBack(customer, 'n1', 100, day(2), 'tb:n1');

    expect(result).toMatchObject({ takenPoints: 20, debtPoints: 80, unrecoverablePoints: 0 });
    expect(result.balance).toEqual({ active: -80, pending: 0, debt: 80 });
    // New points first cover the debt: of 50 accrued, 50 − 80 = −30 is what the customer has.
    const after = await accrue(customer, 'n3', 50, day(3));
    expect(after.balance).toEqual({ active: -30, pending: 0, debt: 80 });
    await expect(redeem(customer, 'n4', 10, day(4))).rejects.toMatchObject({
      code: 'insufficient_points',
    });
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('under deduct_available takes what is left and writes the rest off', async () => {
    await useSettings(database.db, {
      pendingDays: 0,
      expiry: null,
      returnPolicyWhenSpent: 'deduct_available',
    });
    const customer = await newCustomer(database.db);
    await accrue(customer, 'd1', 100, day(0));
    await redeem(customer, 'd2', 80, day(1));

    const result = await takeBack(customer, 'd1', 100, day(2), 'tb:d1');

    expect(result).toMatchObject({ takenPoints: 20, debtPoints: 0, unrecoverablePoints: 80 });
    expect(result.balance).toEqual({ active: 0, pending: 0, debt: 0 });
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('takes from the purchase’s own pending lot first, leaving other purchases alone', async () => {
    await useSettings(database.db, { pendingDays: 14, expiry: null });
    const customer = await newCustomer(database.db);
    await accrue(customer, 'o1', 30, day(0));
    const own = await accrue(customer, 'o2', 36, day(1));
    const result = await takeBack(customer, 'o2', 10, day(2), 'tb:o2');
    expect(result.draws).toEqual([{ lotId: own.lot?.lotId, points: 10, from: 'pending' }]);
    expect(result.balance).toEqual({ active: 0, pending: 56, debt: 0 });
    expect(await lotRemainders(database.db, customer)).toEqual([30, 26]);
  });
});

describe('restorePoints', () => {
  it('gives redeemed points back to the lots they were burned from, last burned first', async () => {
    await useSettings(database.db, { pendingDays: 0, expiry: null });
    const customer = await newCustomer(database.db);
    const a = await accrue(customer, 's1', 100, day(0));
    const b = await accrue(customer, 's2', 200, day(1));
    await redeem(customer, 's3', 250, day(2));
    expect(await lotRemainders(database.db, customer)).toEqual([0, 50]);

    const first = await restore(customer, 's3', 200, day(3), 'rs:1');
    expect(first.draws).toEqual([
      { lotId: b.lot?.lotId, points: 150 },
      { lotId: a.lot?.lotId, points: 50 },
    ]);
    expect(await lotRemainders(database.db, customer)).toEqual([50, 200]);

    await expect(restore(customer, 's3', 51, day(4), 'rs:2')).rejects.toMatchObject({
      code: 'restore_exceeds_redeemed',
      details: { restorable: 50 },
    });
    const second = await restore(customer, 's3', 50, day(4), 'rs:3');
    expect(second.balance).toEqual({ active: 300, pending: 0, debt: 0 });
    expect(await lotRemainders(database.db, customer)).toEqual([100, 200]);
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('writes off at once points given back to a lot that expired meanwhile', async () => {
    await useSettings(database.db, { pendingDays: 0, expiry: { unit: 'days', count: 5 } });
    const customer = await newCustomer(database.db);
    await accrue(customer, 'x1', 40, day(0));
    await redeem(customer, 'x2', 40, day(1));
    const result = await restore(customer, 'x2', 40, day(30), 'rs:x');
    expect(result.balance).toEqual({ active: 0, pending: 0, debt: 0 });
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });
});
