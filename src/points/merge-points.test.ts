import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { mergeCustomers } from '../customers/merge-customers.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { accruePoints } from './accrue-points.ts';
import { listPointsEntries } from './list-points.ts';
import { getPointsBalance } from './points-balance.ts';
import { checkPointsInvariant } from './points-invariant.ts';
import { at, inTransaction, newCustomer, useSettings } from './points-test-kit.ts';
import { redeemPoints } from './redeem-points.ts';
import { restorePoints } from './restore-points.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await useSettings(database.db, { pendingDays: 14, expiry: null });
});
afterAll(() => database.close());

const now = at('2026-02-01T10:00:00Z');
const accrue = (customerId: string, purchaseId: string, points: number, earnedAt: number) =>
  inTransaction(database.db, (trx) =>
    accruePoints(trx, { operationId: purchaseId, customerId, purchaseId, points, earnedAt, now }),
  );

describe('merging customers', () => {
  it('moves the merged customer’s balance and lots to the survivor, with its history', async () => {
    const survivor = await newCustomer(database.db);
    const merged = await newCustomer(database.db);
    await accrue(survivor, 'm1', 100, at('2026-01-01T10:00:00Z'));
    await accrue(merged, 'm2', 70, at('2026-01-02T10:00:00Z'));
    await accrue(merged, 'm3', 30, at('2026-01-30T10:00:00Z'));
    await inTransaction(database.db, (trx) =>
      redeemPoints(trx, {
        operationId: 'm4',
        customerId: merged,
        purchaseId: 'm4',
        points: 20,
        now,
      }),
    );

    const { merge } = await mergeCustomers(
      database.db,
      systemActor,
      { survivorId: survivor, mergedId: merged },
      { now: new Date(now) },
    );

    expect(merge.moved.points).toEqual({ active: 50, pending: 30, debt: 0, lots: 2 });
    expect(await getPointsBalance(database.db, survivor, now, 0)).toMatchObject({
      active: 150,
      pending: 30,
    });
    // The merged id now shows the survivor's points.
    expect(await getPointsBalance(database.db, merged, now, 0)).toMatchObject({
      customerId: survivor,
      active: 150,
    });
    const history = await listPointsEntries(database.db, survivor, { limit: 50 });
    expect(history.items.map((e) => e.kind).sort()).toEqual(
      [
        'accrual_pending',
        'accrual_pending',
        'accrual_pending',
        'activation',
        'activation',
        'redemption',
      ].sort(),
    );
    // A return of the merged customer's purchase gives back to the lot the survivor now holds.
    const { result } = await inTransaction(database.db, (trx) =>
      restorePoints(trx, {
        operationId: 'm4-return',
        customerId: survivor,
        purchaseId: 'm4',
        points: 20,
        now,
      }),
    );
    expect(result.balance).toEqual({ active: 170, pending: 30, debt: 0 });
    expect(await checkPointsInvariant(database.db)).toEqual([]);
  });

  it('refuses new operations on the merged-away id with customer_merged', async () => {
    const survivor = await newCustomer(database.db);
    const merged = await newCustomer(database.db);
    await mergeCustomers(
      database.db,
      systemActor,
      { survivorId: survivor, mergedId: merged },
      { now: new Date(now) },
    );
    await expect(accrue(merged, 'late-1', 5, now)).rejects.toMatchObject({
      code: 'customer_merged',
      details: { mergedInto: survivor },
    });
  });
});
