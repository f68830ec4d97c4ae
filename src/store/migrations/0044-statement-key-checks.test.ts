import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../database.ts';
import { createTestDatabase, type TestDatabase } from '../test-database.ts';

let database: TestDatabase;
let db: Db;
let known: string;
const unknown = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await sql`INSERT INTO stores (id, name, region, time_zone, channel)
    VALUES ('msk', 'Moscow', 'RU', 'Europe/Moscow', 'pos')`.execute(db);
  const { rows } = await sql<{ id: string }>`
    INSERT INTO customers (id) VALUES (gen_random_uuid()) RETURNING id`.execute(db);
  known = rows[0]?.id as string;
});
afterAll(() => database.close());

/** One imported check row, of `customer` at `store`. */
const check = (id: string, store: string, customer: string | null) => sql`
  INSERT INTO history_checks (check_id, content_hash, store_id, channel, business_at, customer_id,
    line_count, quantity_milli, total_minor, discount_minor, paid_minor, outlier)
  VALUES (${id}, 'h', ${store}, 'offline', '2026-11-01T10:00:00Z', ${customer}::uuid, 1, 1000,
    100, 0, 100, false)`;

/** The SQLSTATE and constraint name a statement fails with on `on`, or 'ok'. */
async function outcomeOn(
  on: Db,
  statement: { execute(db: Db): Promise<unknown> },
): Promise<string> {
  try {
    await statement.execute(on);
    return 'ok';
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return `${code} ${message.match(/constraint "([^"]+)"/)?.[1]}`;
  }
}

const outcome = (statement: { execute(db: Db): Promise<unknown> }) => outcomeOn(db, statement);

describe('the foreign keys checked per statement (migration 0044)', () => {
  it('refuse a missing customer or store on insert and on a changed key, with 23503', async () => {
    expect(await outcome(check('c1', 'msk', unknown))).toBe(
      '23503 history_checks_customer_id_fkey',
    );
    expect(await outcome(check('c1', 'spb', known))).toBe('23503 history_checks_store_id_fkey');
    expect(
      await outcome(sql`INSERT INTO customer_skus (customer_id, sku, last_day)
        VALUES (${known}, 'a', '2026-11-01'), (${unknown}, 'b', '2026-11-01')`),
    ).toBe('23503 customer_skus_customer_id_fkey');
    expect(
      await outcome(sql`INSERT INTO customer_purchase_days (customer_id, day, spent_minor, purchase_count)
        VALUES (${unknown}, '2026-11-01', 100, 1)`),
    ).toBe('23503 customer_purchase_days_customer_id_fkey');
    expect(await outcome(check('c1', 'msk', known))).toBe('ok');
    expect(await outcome(check('c2', 'msk', null))).toBe('ok');
    expect(
      await outcome(sql`UPDATE history_checks SET customer_id = ${unknown} WHERE check_id = 'c2'`),
    ).toBe('23503 history_checks_customer_id_fkey');
    expect(
      await outcome(sql`UPDATE history_checks SET customer_id = ${known} WHERE check_id = 'c2'`),
    ).toBe('ok');
  });

  it('refuse deleting a referenced customer or store, or changing its id', async () => {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO customers (id) VALUES (gen_random_uuid()) RETURNING id`.execute(db);
    const spare = rows[0]?.id as string;
    await sql`INSERT INTO customer_skus (customer_id, sku, last_day)
      VALUES (${spare}, 'a', '2026-11-01')`.execute(db);
    expect(await outcome(sql`DELETE FROM customers WHERE id = ${known}`)).toBe(
      '23503 history_checks_customer_id_fkey',
    );
    expect(await outcome(sql`DELETE FROM customers WHERE id = ${spare}`)).toBe(
      '23503 customer_skus_customer_id_fkey',
    );
    expect(await outcome(sql`UPDATE customers SET id = ${unknown} WHERE id = ${spare}`)).toBe(
      '23503 customer_skus_customer_id_fkey',
    );
    expect(await outcome(sql`DELETE FROM stores WHERE id = 'msk'`)).toBe(
      '23503 history_checks_store_id_fkey',
    );
    await sql`DELETE FROM customer_skus WHERE customer_id = ${spare}`.execute(db);
    expect(await outcome(sql`DELETE FROM customers WHERE id = ${spare}`)).toBe('ok');
  });

  it('make a deleter wait for an inserter that holds the key, then refuse it', async () => {
    if (database.driver !== 'postgres') return;
    const other = database.reopen(2);
    const { rows } = await sql<{ id: string }>`
      INSERT INTO customers (id) VALUES (gen_random_uuid()) RETURNING id`.execute(db);
    const customer = rows[0]?.id as string;
    let inserted!: () => void;
    const insertedNow = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const inserter = db.transaction().execute(async (trx) => {
      await check('c3', 'msk', customer).execute(trx);
      inserted();
      await committing;
    });
    await insertedNow;
    const deleter = outcomeOn(other, sql`DELETE FROM customers WHERE id = ${customer}`);
    // The deleter waits on the inserter's key lock: nothing is decided until it commits.
    const early = await Promise.race([
      deleter,
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 300)),
    ]);
    expect(early).toBe('waiting');
    commit();
    await inserter;
    expect(await deleter).toBe('23503 history_checks_customer_id_fkey');
  });
});
