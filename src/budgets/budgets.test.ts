import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCustomer, parallelClients, race } from '../coupons/coupon-test-kit.ts';
import type { PromotionLimits } from '../engine/promotion/promotion-schema.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { type RecordUsageResult, recordUsage } from './record-usage.ts';
import { releaseUsage } from './release-usage.ts';
import { usageFor } from './usage-for.ts';

let database: TestDatabase;
let db: Db;
let clients: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  clients = parallelClients(database, 20);
});
afterAll(() => database.close());

function commit(
  on: Db,
  promotionId: string,
  limits: PromotionLimits,
  grant: { discountMinor?: number; points?: number; customerId?: string | null } = {},
): Promise<RecordUsageResult & { purchaseId: string }> {
  const purchaseId = randomUUID();
  return on.transaction().execute(async (trx) => {
    const result = await recordUsage(trx, {
      purchaseId,
      customerId: grant.customerId ?? null,
      applied: [
        { promotionId, discountMinor: grant.discountMinor ?? 0, points: grant.points ?? 0 },
      ],
      limitsByPromotion: { [promotionId]: limits },
    });
    return { ...result, purchaseId };
  });
}

const counters = (promotionId: string) =>
  db
    .selectFrom('promotion_usage')
    .selectAll()
    .where('promotion_id', '=', promotionId)
    .executeTakeFirst();

describe('budgets under concurrent commits', () => {
  it('10 000 ₽ budget, 100 commits of 150 ₽ at once: 66 accepted, 9 900 ₽ spent, never more', async () => {
    const id = `budget-${randomUUID()}`;
    const limits = { budgetMinor: 1_000_000 };
    const results = await race(
      database,
      Array.from(
        { length: 100 },
        () => () => commit(clients, id, limits, { discountMinor: 15_000 }),
      ),
    );
    const settled = results.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    const accepted = settled.filter((r) => r.ok);
    expect(accepted).toHaveLength(66);
    expect(settled.filter((r) => !r.ok)[0]).toMatchObject({
      refused: [
        {
          promotionId: id,
          reason: 'budget_exhausted',
          remainingMinor: 10_000,
          neededMinor: 15_000,
        },
      ],
    });
    expect(await counters(id)).toMatchObject({ total_uses: 66, discount_minor: 990_000 });
    // Every accepted commit is honoured: exactly its entry is there.
    const entries = await db
      .selectFrom('promotion_usage_entries')
      .select('purchase_id')
      .where('promotion_id', '=', id)
      .execute();
    expect(entries.map((e) => e.purchase_id).sort()).toEqual(
      accepted.map((r) => r.purchaseId).sort(),
    );
  });

  it('total uses 7 under 30 commits at once: exactly 7', async () => {
    const id = `uses-${randomUUID()}`;
    const results = await race(
      database,
      Array.from(
        { length: 30 },
        () => () => commit(clients, id, { totalUses: 7 }, { discountMinor: 100 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.ok)).toHaveLength(7);
    expect(await counters(id)).toMatchObject({ total_uses: 7, discount_minor: 700 });
  });

  it('2 uses per customer: one customer on 10 tills at once gets 2, another still gets 2', async () => {
    const id = `per-customer-${randomUUID()}`;
    const limits = { perCustomerUses: 2 };
    const [first, second] = [await newCustomer(db), await newCustomer(db)];
    const results = await race(
      database,
      Array.from({ length: 10 }, () => () => commit(clients, id, limits, { customerId: first })),
    );
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.ok)).toHaveLength(2);
    expect(await commit(db, id, limits, { customerId: second })).toMatchObject({ ok: true });
    expect(await commit(db, id, limits, { customerId: second })).toMatchObject({ ok: true });
    expect(await commit(db, id, limits, { customerId: second })).toMatchObject({
      ok: false,
      refused: [{ promotionId: id, reason: 'limit_reached', scope: 'customer', limit: 2 }],
    });
  });
});

describe('recordUsage', () => {
  it('a points budget refuses the commit that would pass it, counting nothing', async () => {
    const id = `points-${randomUUID()}`;
    const limits = { budgetPoints: 500 };
    expect(await commit(db, id, limits, { points: 300 })).toMatchObject({ ok: true });
    expect(await commit(db, id, limits, { points: 300 })).toMatchObject({
      ok: false,
      refused: [{ reason: 'budget_exhausted', remainingPoints: 200, neededPoints: 300 }],
    });
    expect(await counters(id)).toMatchObject({ total_uses: 1, points: 300 });
  });

  it('does not count promotions without limits', async () => {
    const id = `free-${randomUUID()}`;
    expect(await commit(db, id, {}, { discountMinor: 5_000 })).toMatchObject({ ok: true });
    expect(await counters(id)).toBeUndefined();
  });
});

describe('usageFor and releaseUsage', () => {
  it('shows what is left, and a return gives back by the documented rule', async () => {
    const id = `release-${randomUUID()}`;
    const limits = { budgetMinor: 100_000, budgetPoints: 1_000, totalUses: 10, perCustomerUses: 3 };
    const customer = await newCustomer(db);
    const { purchaseId } = await commit(db, id, limits, {
      discountMinor: 30_000,
      points: 200,
      customerId: customer,
    });
    const snapshot = () => usageFor(db, { [id]: limits, unlimited: {} }, customer);
    expect(await snapshot()).toEqual({
      [id]: {
        totalUses: 1,
        customerUses: 1,
        budgetRemainingMinor: 70_000,
        budgetRemainingPoints: 800,
      },
    });
    const release = (whole: boolean, discountMinor: number, points: number) =>
      db.transaction().execute((trx) =>
        releaseUsage(trx, {
          purchaseId,
          whole,
          returned: [{ promotionId: id, discountMinor, points }],
        }),
      );
    // A partial return gives back the returned units' discount and points, not the use.
    expect(await release(false, 10_000, 50)).toEqual([
      { promotionId: id, uses: 0, discountMinor: 10_000, points: 50 },
    ]);
    expect((await snapshot())[id]).toMatchObject({
      totalUses: 1,
      customerUses: 1,
      budgetRemainingMinor: 80_000,
    });
    // Asking for more than the purchase holds gives back only what it holds.
    expect(await release(false, 99_999, 0)).toEqual([
      { promotionId: id, uses: 0, discountMinor: 20_000, points: 0 },
    ]);
    // The last return gives back the rest and the use; a repeat gives nothing.
    expect(await release(true, 0, 0)).toEqual([
      { promotionId: id, uses: 1, discountMinor: 0, points: 150 },
    ]);
    expect(await release(true, 0, 0)).toEqual([]);
    expect(await snapshot()).toEqual({
      [id]: {
        totalUses: 0,
        customerUses: 0,
        budgetRemainingMinor: 100_000,
        budgetRemainingPoints: 1_000,
      },
    });
  });

  it('anonymous usage shows no customer uses; an unused promotion shows its whole budget', async () => {
    const id = `fresh-${randomUUID()}`;
    expect(await usageFor(db, { [id]: { budgetMinor: 5_000 } }, null)).toEqual({
      [id]: {
        totalUses: 0,
        customerUses: 0,
        budgetRemainingMinor: 5_000,
        budgetRemainingPoints: null,
      },
    });
  });
});
