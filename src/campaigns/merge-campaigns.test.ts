import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { mergeCustomers } from '../customers/merge-customers.ts';
import { accruePoints } from '../points/accrue-points.ts';
import { getPointsBalance } from '../points/points-balance.ts';
import { at, inTransaction, newCustomer, useSettings } from '../points/points-test-kit.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { revokeProgressRewards } from './grant-reward.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db
    .insertInto('campaigns')
    .values({ id: 'welcome', kind: 'welcome', status: 'active', definition: '{}', revision: 1 })
    .execute();
});
afterAll(() => database.close());

const reward = (
  operationId: string,
  customerId: string,
  occurrence: string,
  revoked = false,
  given = '{"points":100}',
) =>
  database.db
    .insertInto('campaign_rewards')
    .values({
      operation_id: operationId,
      campaign_id: 'welcome',
      customer_id: customerId,
      occurrence,
      period_key: occurrence,
      progress_customer_id: customerId,
      reward: given,
      granted_at: new Date('2026-12-01T10:00:00Z'),
      revoked_at: revoked ? new Date('2026-12-02T10:00:00Z') : null,
    })
    .execute();

describe('merging customers: campaign rewards', () => {
  it('moves the rewards the survivor has no live twin of, and keeps one live reward an occurrence', async () => {
    const survivor = await newCustomer(database.db);
    const merged = await newCustomer(database.db);
    await reward(`${survivor}-once`, survivor, 'once');
    // Both profiles were welcomed: the merged one's reward stays with it.
    await reward(`${merged}-once`, merged, 'once');
    await reward(`${merged}-once-revoked`, merged, 'once', true);
    await reward(`${merged}-2026`, merged, '2026');

    const { merge } = await mergeCustomers(
      database.db,
      systemActor,
      { survivorId: survivor, mergedId: merged },
      { now: new Date('2026-12-08T10:00:00Z') },
    );

    expect(merge.moved.campaigns).toEqual({ progress: 0, rewards: 2 });
    const rows = await database.db
      .selectFrom('campaign_rewards')
      .select(['operation_id', 'customer_id', 'progress_customer_id'])
      .where('operation_id', 'like', `${merged}%`)
      .orderBy('operation_id')
      .execute();
    expect(rows).toEqual([
      { operation_id: `${merged}-2026`, customer_id: survivor, progress_customer_id: survivor },
      { operation_id: `${merged}-once`, customer_id: merged, progress_customer_id: survivor },
      {
        operation_id: `${merged}-once-revoked`,
        customer_id: survivor,
        progress_customer_id: survivor,
      },
    ]);
  });

  it('takes a reward left on the merged profile back from the survivor, where its points went', async () => {
    await useSettings(database.db, { pendingDays: 0, expiry: null });
    const survivor = await newCustomer(database.db);
    const merged = await newCustomer(database.db);
    const points = '{"kind":"points","points":100}';
    for (const customerId of [survivor, merged]) {
      // The welcome bonus's points, as the reward gave them.
      await inTransaction(database.db, (trx) =>
        accruePoints(trx, {
          operationId: `welcome:${customerId}`,
          customerId,
          purchaseId: `welcome:${customerId}`,
          points: 100,
          earnedAt: at('2026-12-01T10:00:00Z'),
          now: at('2026-12-01T10:00:00Z'),
        }),
      );
      await reward(`${customerId}-once`, customerId, 'once', false, points);
    }
    await mergeCustomers(
      database.db,
      systemActor,
      { survivorId: survivor, mergedId: merged },
      { now: new Date('2026-12-08T10:00:00Z') },
    );

    // The survivor's progress falls short (its purchases returned): both live rewards go.
    const revoked = await inTransaction(database.db, (trx) =>
      revokeProgressRewards(trx, {
        campaignId: 'welcome',
        progressCustomerId: survivor,
        purchaseId: 'returned-purchase',
        now: at('2026-12-09T10:00:00Z'),
      }),
    );

    expect(revoked.sort()).toEqual([`${merged}-once`, `${survivor}-once`].sort());
    const balance = await getPointsBalance(database.db, survivor, at('2026-12-09T10:00:00Z'), 30);
    expect([balance.active, balance.pending, balance.debt]).toEqual([0, 0, 0]);
  });
});
