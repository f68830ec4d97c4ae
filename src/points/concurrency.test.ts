import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { accruePoints } from './accrue-points.ts';
import { adjustPoints } from './adjust-points.ts';
import { getPointsBalance } from './points-balance.ts';
import { checkPointsInvariant } from './points-invariant.ts';
import { at, inTransaction, newCustomer, useSettings } from './points-test-kit.ts';
import { redeemPoints } from './redeem-points.ts';
import { runDueTransitions } from './run-due-transitions.ts';

let database: TestDatabase;
let clients: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  // PostgreSQL: a pool of 20 real connections racing; the in-memory PGlite has one connection,
  // so there the same calls go through the same code one after another.
  clients = database.driver === 'postgres' ? database.reopen(20) : database.db;
});
afterAll(() => database.close());

/** Runs the calls at once on PostgreSQL, one by one on PGlite; settles each like allSettled. */
async function race<T>(calls: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  if (database.driver === 'postgres') return Promise.allSettled(calls.map((call) => call()));
  const results: PromiseSettledResult<T>[] = [];
  for (const call of calls) {
    results.push(
      await call().then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      ),
    );
  }
  return results;
}

describe('concurrent tills', () => {
  it('50 redemptions of 100 points from a balance of 1 000: exactly 10 succeed', async () => {
    await useSettings(database.db, { pendingDays: 0, expiry: null });
    const customer = await newCustomer(database.db);
    const now = at('2026-03-01T10:00:00Z');
    // Three lots, so the burns cross lot boundaries while racing.
    for (const [i, points] of [300, 300, 400].entries()) {
      await inTransaction(database.db, (trx) =>
        adjustPoints(trx, systemActor, {
          operationId: `seed-${i}`,
          customerId: customer,
          points,
          reason: 'seed',
          now: now - 1000 + i,
        }),
      );
    }
    const results = await race(
      Array.from(
        { length: 50 },
        (_, i) => () =>
          inTransaction(clients, (trx) =>
            redeemPoints(trx, {
              operationId: `till-${i}`,
              customerId: customer,
              purchaseId: `till-${i}`,
              points: 100,
              now,
            }),
          ),
      ),
    );
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r.reason as { code?: string }).code);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(refused).toEqual(Array.from({ length: 40 }, () => 'insufficient_points'));
    expect(await getPointsBalance(database.db, customer, now, 0)).toMatchObject({
      active: 0,
      pending: 0,
      debt: 0,
    });
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('two transition runs at once expire each lot exactly once', async () => {
    await useSettings(database.db, { pendingDays: 0, expiry: { unit: 'days', count: 10 } });
    const earnedAt = at('2026-04-01T10:00:00Z');
    const customers: string[] = [];
    for (let i = 0; i < 30; i++) {
      const customer = await newCustomer(database.db);
      customers.push(customer);
      await inTransaction(database.db, (trx) =>
        accruePoints(trx, {
          operationId: `exp-${i}`,
          customerId: customer,
          purchaseId: `exp-${i}`,
          points: 10 + i,
          earnedAt,
          now: earnedAt,
        }),
      );
    }
    const later = at('2026-05-01T00:00:00Z');
    const second = database.driver === 'postgres' ? database.reopen(5) : database.db;
    const runs = await race([
      () => runDueTransitions(clients, later, { batchSize: 7 }),
      () => runDueTransitions(second, later, { batchSize: 7 }),
    ]);
    const expired = runs.map((r) => (r.status === 'fulfilled' ? r.value.expired : Number.NaN));
    // Expired by one run or the other; a customer one run skipped was held by the other.
    expect(expired.reduce((sum, n) => sum + n, 0)).toBe(30);
    const entries = await database.db
      .selectFrom('points_entries')
      .select(['customer_id', 'points'])
      .where('kind', '=', 'expiry')
      .where('customer_id', 'in', customers)
      .execute();
    expect(entries).toHaveLength(30);
    expect(entries.reduce((sum, e) => sum + e.points, 0)).toBe(30 * 10 + (29 * 30) / 2);
    expect(await runDueTransitions(database.db, later)).toMatchObject({ expired: 0 });
    expect(await checkPointsInvariant(database.db)).toEqual([]);
  });
});
