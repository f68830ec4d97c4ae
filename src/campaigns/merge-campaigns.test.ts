import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { mergeCustomers } from '../customers/merge-customers.ts';
import { newCustomer } from '../points/points-test-kit.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db
    .insertInto('campaigns')
    .values({ id: 'welcome', kind: 'welcome', status: 'active', definition: '{}', revision: 1 })
    .execute();
});
afterAll(() => database.close());

const reward = (operationId: string, customerId: string, occurrence: string, revoked = false) =>
  database.db
    .insertInto('campaign_rewards')
    .values({
      operation_id: operationId,
      campaign_id: 'welcome',
      customer_id: customerId,
      occurrence,
      period_key: occurrence,
      progress_customer_id: customerId,
      reward: '{"points":100}',
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
});
