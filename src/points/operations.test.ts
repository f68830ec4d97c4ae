import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { adjustPoints } from './adjust-points.ts';
import { grantBonus } from './grant-bonus.ts';
import { getPointsBalance } from './points-balance.ts';
import { checkPointsInvariant } from './points-invariant.ts';
import { at, inTransaction, lotRemainders, newCustomer, useSettings } from './points-test-kit.ts';
import { redeemPoints } from './redeem-points.ts';

let database: TestDatabase;
let customer: string;
beforeAll(async () => {
  database = await createTestDatabase();
  await useSettings(database.db, { pendingDays: 0, expiry: null });
  customer = await newCustomer(database.db);
});
afterAll(() => database.close());

const now = at('2026-04-01T10:00:00Z');
const adjust = (operationId: string, points: number, reason = 'ticket 7') =>
  inTransaction(database.db, (trx) =>
    adjustPoints(trx, systemActor, { operationId, customerId: customer, points, reason, now }),
  );
const count = async (table: 'points_entries' | 'points_lots' | 'audit_log') =>
  (
    await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('idempotent operations', () => {
  it('answers a repeat with the stored result and writes nothing more', async () => {
    const first = await adjust('adj-1', 500);
    const counts = [
      await count('points_entries'),
      await count('points_lots'),
      await count('audit_log'),
    ];
    const repeat = await adjust('adj-1', 500);
    expect(first.replayed).toBe(false);
    expect(repeat).toEqual({ result: first.result, replayed: true });
    expect([
      await count('points_entries'),
      await count('points_lots'),
      await count('audit_log'),
    ]).toEqual(counts);
    expect(repeat.result.balance).toEqual({ active: 500, pending: 0, debt: 0 });
  });

  it('refuses the same key with another input as operation_conflict', async () => {
    await expect(adjust('adj-1', 501)).rejects.toMatchObject({
      code: 'operation_conflict',
      kind: 'conflict',
    });
    await expect(adjust('adj-1', 500, 'another reason')).rejects.toMatchObject({
      code: 'operation_conflict',
    });
  });

  it('never burns twice for a repeated redemption, even sent later', async () => {
    const redeem = (later: number) =>
      inTransaction(database.db, (trx) =>
        redeemPoints(trx, {
          operationId: 'pos-77',
          customerId: customer,
          purchaseId: 'pos-77',
          points: 120,
          now: now + later,
        }),
      );
    const first = await redeem(0);
    const again = await redeem(60_000);
    expect(again.result).toEqual(first.result);
    expect(await lotRemainders(database.db, customer)).toEqual([380]);
  });
});

describe('adjustments and bonuses', () => {
  it('debits in spending order and refuses more than the balance', async () => {
    const debit = await adjust('adj-2', -80, 'fraud');
    expect(debit.result).toMatchObject({ points: -80, lotId: null, balance: { active: 300 } });
    await expect(adjust('adj-3', -301)).rejects.toMatchObject({
      code: 'insufficient_points',
      details: { available: 300 },
    });
    await expect(adjust('adj-4', 0)).rejects.toMatchObject({
      code: 'invalid_points',
      field: '/points',
    });
    await expect(adjust('adj-5', 5, ' ')).rejects.toMatchObject({
      code: 'required',
      field: '/reason',
    });
  });

  it('grants a bonus with its own expiry, spent before longer-lived points', async () => {
    const { result } = await inTransaction(database.db, (trx) =>
      grantBonus(trx, {
        operationId: 'birthday-2026',
        customerId: customer,
        kind: 'campaign_bonus',
        points: 50,
        reason: 'birthday',
        earnedAt: now,
        expiry: { unit: 'days', count: 7 },
        now,
      }),
    );
    // 1 Apr 13:00 Moscow + 7 days: valid to the end of 8 Apr Moscow.
    expect(result.lot).toMatchObject({ activatesAt: now, expiresAt: at('2026-04-08T21:00:00Z') });
    expect(await getPointsBalance(database.db, customer, now, 30)).toEqual({
      customerId: customer,
      active: 350,
      pending: 0,
      debt: 0,
      expiringSoon: [{ at: at('2026-04-08T21:00:00Z'), points: 50 }],
    });
    const { result: spent } = await inTransaction(database.db, (trx) =>
      redeemPoints(trx, {
        operationId: 'pos-78',
        customerId: customer,
        purchaseId: 'pos-78',
        points: 60,
        now,
      }),
    );
    expect(spent.draws.map((d) => d.points)).toEqual([50, 10]);
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });
});
