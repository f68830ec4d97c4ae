import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { accruePoints } from './accrue-points.ts';
import { checkPointsInvariant } from './points-invariant.ts';
import { at, inTransaction, newCustomer, useSettings } from './points-test-kit.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await useSettings(database.db, { pendingDays: 0, expiry: null });
});
afterAll(() => database.close());

async function customerWithLot(points: number): Promise<{ customer: string; lotId: string }> {
  const customer = await newCustomer(database.db);
  const now = at('2026-01-05T10:00:00Z');
  const { result } = await inTransaction(database.db, (trx) =>
    accruePoints(trx, {
      operationId: `inv-${customer}`,
      customerId: customer,
      purchaseId: customer,
      points,
      earnedAt: now,
      now,
    }),
  );
  return { customer, lotId: result.lot?.lotId as string };
}

describe('checkPointsInvariant', () => {
  it('finds nothing wrong in books written by the service', async () => {
    const { customer } = await customerWithLot(10);
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('detects an account row changed behind the ledger’s back', async () => {
    const { customer } = await customerWithLot(40);
    await database.db
      .updateTable('points_accounts')
      .set({ active: 45 })
      .where('customer_id', '=', customer)
      .execute();
    expect(await checkPointsInvariant(database.db, customer)).toEqual([
      { code: 'account_mismatch', customerId: customer, field: 'active', expected: 40, actual: 45 },
      { code: 'lots_mismatch', customerId: customer, field: 'active', expected: 45, actual: 40 },
    ]);
  });

  it('detects a lot whose remaining differs from its entries, and a negative one', async () => {
    const { customer, lotId } = await customerWithLot(30);
    await database.db
      .updateTable('points_lots')
      .set({ remaining: 29 })
      .where('id', '=', lotId)
      .execute();
    expect(await checkPointsInvariant(database.db, customer)).toContainEqual({
      code: 'lot_mismatch',
      customerId: customer,
      lotId,
      field: 'remaining',
      expected: 30,
      actual: 29,
    });
    // The database refuses a negative remaining; drop the guard to see the check catch one.
    await expect(
      database.db
        .updateTable('points_lots')
        .set({ remaining: -1 })
        .where('id', '=', lotId)
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });
    await sql`ALTER TABLE points_lots DROP CONSTRAINT points_lots_remaining_in_lot`.execute(
      database.db,
    );
    await database.db
      .updateTable('points_lots')
      .set({ remaining: -1 })
      .where('id', '=', lotId)
      .execute();
    expect(await checkPointsInvariant(database.db, customer)).toContainEqual({
      code: 'negative_remaining',
      customerId: customer,
      lotId,
      field: 'remaining',
      expected: 0,
      actual: -1,
    });
  });

  it('keeps entries append-only in the database', async () => {
    const { customer } = await customerWithLot(5);
    const change = database.db
      .updateTable('points_entries')
      .set({ points: 6 })
      .where('customer_id', '=', customer)
      .execute();
    await expect(change).rejects.toMatchObject({ code: '55000' });
    const removal = database.db
      .deleteFrom('points_entries')
      .where('customer_id', '=', customer)
      .execute();
    await expect(removal).rejects.toMatchObject({ code: '55000' });
  });
});
