import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { fewestHoursIn, repeatWindowsMonths } from './repeat-purchases.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
}, 300_000);
afterAll(() => database.close());

describe('the fewest hours a window of calendar months spans', () => {
  it('is what PostgreSQL adds at least, from every day of twelve years (leap days included)', async () => {
    const { rows } = await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
      return sql<{ months: number; fewest: number }>`
        SELECT months, min(extract(epoch FROM t + make_interval(months => months) - t))::int / 3600
          AS fewest
        FROM generate_series(timestamptz '2020-01-01 13:45', '2031-12-31 13:45', interval '1 day') t,
          unnest(${[...repeatWindowsMonths]}::int[]) AS months
        GROUP BY months ORDER BY months`.execute(trx);
    });
    expect(rows).toEqual([
      { months: 1, fewest: 672 },
      { months: 2, fewest: 1416 },
      { months: 3, fewest: 2136 },
      { months: 6, fewest: 4344 },
      { months: 12, fewest: 8760 },
    ]);
    expect(rows.map((row) => fewestHoursIn[row.months as keyof typeof fewestHoursIn])).toEqual(
      rows.map((row) => row.fewest),
    );
  });
});
