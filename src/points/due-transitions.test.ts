import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { accruePoints } from './accrue-points.ts';
import { getPointsBalance } from './points-balance.ts';
import { checkPointsInvariant } from './points-invariant.ts';
import { at, inTransaction, lotRemainders, newCustomer, useSettings } from './points-test-kit.ts';
import { redeemPoints } from './redeem-points.ts';
import { runDueTransitions } from './run-due-transitions.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const accrue = (customerId: string, purchaseId: string, points: number, earnedAt: number) =>
  inTransaction(database.db, (trx) =>
    accruePoints(trx, {
      operationId: `a:${purchaseId}`,
      customerId,
      purchaseId,
      points,
      earnedAt,
      now: earnedAt,
    }),
  );

async function entriesOf(customerId: string, kind: string) {
  const rows = await database.db
    .selectFrom('points_entries')
    .select(['points', 'effective_at'])
    .where('customer_id', '=', customerId)
    .where('kind', '=', kind)
    .execute();
  return rows.map((row) => [row.points, row.effective_at.toISOString()]);
}

describe('expiry', () => {
  it('writes off exactly what a partly spent lot holds at its instant, not a millisecond before', async () => {
    await useSettings(database.db, { pendingDays: 0, expiry: { unit: 'days', count: 30 } });
    const customer = await newCustomer(database.db);
    // Earned 10 Jan 12:00 Moscow, valid 30 days: to the end of 9 Feb Moscow = 9 Feb 21:00 UTC.
    const { result } = await accrue(customer, 'e1', 100, at('2026-01-10T09:00:00Z'));
    const expiresAt = at('2026-02-09T21:00:00Z');
    expect(result.lot?.expiresAt).toBe(expiresAt);
    await inTransaction(database.db, (trx) =>
      redeemPoints(trx, {
        operationId: 'r:e2',
        customerId: customer,
        purchaseId: 'e2',
        points: 40,
        now: at('2026-01-20T10:00:00Z'),
      }),
    );

    expect(await runDueTransitions(database.db, expiresAt - 1)).toMatchObject({ expired: 0 });
    expect(await lotRemainders(database.db, customer)).toEqual([60]);

    expect(await runDueTransitions(database.db, expiresAt)).toEqual({
      activated: 0,
      expired: 1,
      skipped: 0,
    });
    expect(await entriesOf(customer, 'expiry')).toEqual([[60, '2026-02-09T21:00:00.000Z']]);
    expect(await lotRemainders(database.db, customer)).toEqual([0]);
    const balance = await getPointsBalance(database.db, customer, expiresAt, 30);
    expect(balance).toMatchObject({ active: 0, pending: 0, debt: 0 });

    // Running again, even much later, changes nothing.
    expect(await runDueTransitions(database.db, at('2026-06-01T00:00:00Z'))).toMatchObject({
      expired: 0,
    });
    expect(await entriesOf(customer, 'expiry')).toHaveLength(1);
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('dates a late run’s entry at the lot’s own instant', async () => {
    await useSettings(database.db, { pendingDays: 0, expiry: { unit: 'months', count: 1 } });
    const customer = await newCustomer(database.db);
    // Earned 31 Jan 15:00 Moscow with one month: valid to the end of 28 Feb Moscow.
    await accrue(customer, 'late', 25, at('2026-01-31T12:00:00Z'));
    await runDueTransitions(database.db, at('2026-04-15T08:00:00Z'));
    expect(await entriesOf(customer, 'expiry')).toEqual([[25, '2026-02-28T21:00:00.000Z']]);
  });
});

describe('activation', () => {
  it('makes pending points spendable at the start of the day after the return period', async () => {
    await useSettings(database.db, { pendingDays: 14, expiry: null });
    const customer = await newCustomer(database.db);
    // Earned 10 Mar 15:00 Moscow, 14 days: spendable from 25 Mar 00:00 Moscow = 24 Mar 21:00 UTC.
    await accrue(customer, 'act', 36, at('2026-03-10T12:00:00Z'));
    const activatesAt = at('2026-03-24T21:00:00Z');

    expect(await runDueTransitions(database.db, activatesAt - 1)).toMatchObject({ activated: 0 });
    expect(await getPointsBalance(database.db, customer, activatesAt - 1, 30)).toMatchObject({
      active: 0,
      pending: 36,
    });
    const early = inTransaction(database.db, (trx) =>
      redeemPoints(trx, {
        operationId: 'r:early',
        customerId: customer,
        purchaseId: 'early',
        points: 1,
        now: activatesAt - 1,
      }),
    );
    await expect(early).rejects.toMatchObject({
      code: 'insufficient_points',
      details: { available: 0 },
    });

    expect(await runDueTransitions(database.db, activatesAt)).toMatchObject({
      activated: 1,
      expired: 0,
    });
    expect(await entriesOf(customer, 'activation')).toEqual([[36, '2026-03-24T21:00:00.000Z']]);
    expect(await getPointsBalance(database.db, customer, activatesAt, 30)).toMatchObject({
      active: 36,
      pending: 0,
    });
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('activates due points inside a redemption when the job has not run yet', async () => {
    await useSettings(database.db, { pendingDays: 14, expiry: null });
    const customer = await newCustomer(database.db);
    await accrue(customer, 'inline', 50, at('2026-03-10T12:00:00Z'));
    const { result } = await inTransaction(database.db, (trx) =>
      redeemPoints(trx, {
        operationId: 'r:inline',
        customerId: customer,
        purchaseId: 'inline-2',
        points: 50,
        now: at('2026-03-24T21:00:00Z'),
      }),
    );
    expect(result.balance).toEqual({ active: 0, pending: 0, debt: 0 });
    expect(await entriesOf(customer, 'activation')).toEqual([[50, '2026-03-24T21:00:00.000Z']]);
  });
});

describe('the job over many customers', () => {
  it('books every due lot in batches smaller than the customers, and no lot before its time', async () => {
    await useSettings(database.db, { pendingDays: 14, expiry: { unit: 'days', count: 30 } });
    // What earlier tests left due is booked first, so the counts below are these customers' own.
    await runDueTransitions(database.db, at('2027-04-30T00:00:00Z'));
    const customers: string[] = [];
    for (let day = 1; day <= 5; day++) {
      const customer = await newCustomer(database.db);
      customers.push(customer);
      // Earned on the day-th of May, 12:00 Moscow: spendable from the (day + 15)th, 00:00 Moscow.
      await accrue(customer, `many-${day}`, 10 * day, at(`2027-05-0${day}T09:00:00Z`));
    }
    // 18 May 00:30 Moscow: the lots of 1, 2 and 3 May are due, those of 4 and 5 May are not.
    expect(
      await runDueTransitions(database.db, at('2027-05-17T21:30:00Z'), { batchSize: 2 }),
    ).toEqual({ activated: 3, expired: 0, skipped: 0 });
    expect(
      await runDueTransitions(database.db, at('2027-05-25T00:00:00Z'), { batchSize: 2 }),
    ).toEqual({ activated: 2, expired: 0, skipped: 0 });
    expect(
      await runDueTransitions(database.db, at('2027-06-30T00:00:00Z'), { batchSize: 2 }),
    ).toEqual({ activated: 0, expired: 5, skipped: 0 });
    for (const customer of customers)
      expect(await lotRemainders(database.db, customer)).toEqual([0]);
    expect(await runDueTransitions(database.db, at('2027-07-30T00:00:00Z'))).toEqual({
      activated: 0,
      expired: 0,
      skipped: 0,
    });
  });
});
