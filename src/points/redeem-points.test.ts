import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PerkError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { accruePoints } from './accrue-points.ts';
import { checkPointsInvariant } from './points-invariant.ts';
import { at, inTransaction, lotRemainders, newCustomer, useSettings } from './points-test-kit.ts';
import { redeemPoints } from './redeem-points.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await useSettings(database.db, { pendingDays: 0, expiry: null });
});
afterAll(() => database.close());

async function accrue(customerId: string, purchaseId: string, points: number, iso: string) {
  const earnedAt = at(iso);
  return inTransaction(database.db, (trx) =>
    accruePoints(trx, {
      operationId: `accrue:${purchaseId}`,
      customerId,
      purchaseId,
      points,
      earnedAt,
      now: earnedAt,
    }),
  );
}

const redeem = (customerId: string, purchaseId: string, points: number, iso: string) =>
  inTransaction(database.db, (trx) =>
    redeemPoints(trx, {
      operationId: `redeem:${purchaseId}`,
      customerId,
      purchaseId,
      points,
      now: at(iso),
    }),
  );

describe('redeemPoints', () => {
  it('burns the oldest lots first across three lots and keeps lots, account and entries in step', async () => {
    const customer = await newCustomer(database.db);
    const first = await accrue(customer, 'p1', 100, '2026-01-01T10:00:00Z');
    const second = await accrue(customer, 'p2', 200, '2026-01-02T10:00:00Z');
    await accrue(customer, 'p3', 300, '2026-01-03T10:00:00Z');

    const { result } = await redeem(customer, 'p4', 250, '2026-01-04T10:00:00Z');

    expect(result.draws).toEqual([
      { lotId: first.result.lot?.lotId, points: 100 },
      { lotId: second.result.lot?.lotId, points: 150 },
    ]);
    expect(result.balance).toEqual({ active: 350, pending: 0, debt: 0 });
    expect(await lotRemainders(database.db, customer)).toEqual([0, 50, 300]);
    const entries = await database.db
      .selectFrom('points_entries')
      .select(['kind', 'points', 'effective_at'])
      .where('customer_id', '=', customer)
      .where('kind', '=', 'redemption')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => [e.kind, e.points, e.effective_at.toISOString()])).toEqual([
      ['redemption', 100, '2026-01-04T10:00:00.000Z'],
      ['redemption', 150, '2026-01-04T10:00:00.000Z'],
    ]);
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('refuses more than the balance with insufficient_points and the available points, writing nothing', async () => {
    const customer = await newCustomer(database.db);
    await accrue(customer, 'q1', 120, '2026-01-01T10:00:00Z');
    const refusal = await redeem(customer, 'q2', 121, '2026-01-02T10:00:00Z').catch(
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(PerkError);
    expect(refusal).toMatchObject({ code: 'insufficient_points', details: { available: 120 } });
    expect(await lotRemainders(database.db, customer)).toEqual([120]);
    // The refused key was rolled back with the transaction, so the till may retry with less.
    const retry = await inTransaction(database.db, (trx) =>
      redeemPoints(trx, {
        operationId: 'redeem:q2',
        customerId: customer,
        purchaseId: 'q2',
        points: 120,
        now: at('2026-01-02T10:00:00Z'),
      }),
    );
    expect(retry.result.balance.active).toBe(0);
  });

  it('refuses points that are not a whole positive number and an unknown customer', async () => {
    const customer = await newCustomer(database.db);
    await expect(redeem(customer, 'r1', 1.5, '2026-01-01T00:00:00Z')).rejects.toMatchObject({
      code: 'invalid_points',
      field: '/points',
    });
    await expect(
      redeem(crypto.randomUUID(), 'r2', 1, '2026-01-01T00:00:00Z'),
    ).rejects.toMatchObject({
      code: 'customer_not_found',
    });
  });
});
