import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { segmentIdsFor } from './memberships.ts';
import { recomputeSegments } from './recompute-segments.ts';

let database: TestDatabase;
const idOf = (i: number) => sql`md5(${String(i)})::uuid`;
// Noon in Moscow on 10 March 2025: the programme's today is 2025-03-10.
const now = new Date('2025-03-10T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  // 10 000 customers: customer i spent i roubles in i purchases; recency comes in five groups
  // of 2 000 (last purchase 40, 30, 20, 10 and 0 days ago). Plus one lapsed customer.
  await sql`INSERT INTO customers (id) SELECT md5(i::text)::uuid FROM generate_series(1, 10001) i`.execute(
    db,
  );
  await sql`
    INSERT INTO customer_purchase_days (customer_id, day, spent_minor, purchase_count)
    SELECT md5(i::text)::uuid, '2025-03-10'::date - ((10000 - i) / 2000) * 10, i * 100, i
    FROM generate_series(1, 10000) i`.execute(db);
  await sql`
    INSERT INTO customer_purchase_days (customer_id, day, spent_minor, purchase_count)
    VALUES (${idOf(10001)}, '2024-03-10', 100, 1)`.execute(db);
  await db
    .insertInto('segments')
    .values({
      id: 'best',
      name: 'Best',
      kind: 'rule',
      rule: JSON.stringify({ kind: 'rfm', score: 'monetary', min: 5 }),
    })
    .execute();
}, 120_000);
afterAll(() => database.close());

describe('RFM quintiles over 10 000 active customers', () => {
  it('gives each score to exactly a fifth, ties share a score, the lapsed get none', async () => {
    const started = performance.now();
    const result = await recomputeSegments(database.db, now);
    const millis = performance.now() - started;
    expect(result).toMatchObject({
      fullPass: 1,
      rfmScored: 10_000,
      customers: 10_001,
      added: 2_000,
      removed: 0,
    });
    const { rows } = await sql<{ score: number; r: number; f: number; m: number }>`
      SELECT s AS score,
        (SELECT count(*)::int FROM customer_rfm WHERE recency = s) AS r,
        (SELECT count(*)::int FROM customer_rfm WHERE frequency = s) AS f,
        (SELECT count(*)::int FROM customer_rfm WHERE monetary = s) AS m
      FROM generate_series(1, 5) s ORDER BY s`.execute(database.db);
    expect(rows).toEqual([1, 2, 3, 4, 5].map((score) => ({ score, r: 2000, f: 2000, m: 2000 })));
    const scores = await sql<{ recency: number; frequency: number; monetary: number }>`
      SELECT recency, frequency, monetary FROM customer_rfm
      WHERE customer_id IN (${idOf(1)}, ${idOf(2000)}, ${idOf(2001)}, ${idOf(10000)})
      ORDER BY monetary, frequency`.execute(database.db);
    expect(scores.rows).toEqual([
      { recency: 1, frequency: 1, monetary: 1 },
      { recency: 1, frequency: 1, monetary: 1 },
      { recency: 2, frequency: 2, monetary: 2 },
      { recency: 5, frequency: 5, monetary: 5 },
    ]);
    const top = await sql<{ id: string }>`SELECT ${idOf(10000)}::text AS id`.execute(database.db);
    expect(await segmentIdsFor(database.db, top.rows[0]?.id ?? '')).toEqual(['best']);
    // Recorded for the report: bulk RFM plus rematerialising 10 001 customers.
    console.info(`recomputeSegments over 10 001 customers: ${Math.round(millis)} ms`);
  });

  it('walks once a programme day: a second scheduled run reads one row and stops', async () => {
    const result = await recomputeSegments(database.db, new Date('2025-03-10T20:59:59Z'));
    expect(result).toEqual({ fullPass: 0, rfmScored: 0, customers: 0, added: 0, removed: 0 });
  });

  it('is stable: a forced run the same day walks everyone again and changes nothing', async () => {
    const result = await recomputeSegments(database.db, now, { force: true });
    expect(result).toEqual({
      fullPass: 1,
      rfmScored: 10_000,
      customers: 10_001,
      added: 0,
      removed: 0,
    });
  });
});
