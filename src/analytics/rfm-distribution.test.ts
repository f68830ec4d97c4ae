import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeRfm } from '../segments/rfm.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { rfmDistribution, rfmSegmentOf, rfmSegments } from './rfm-distribution.ts';

let database: TestDatabase;
const at = '2026-12-01';
const dayMs = 86_400_000;
const dayOf = (daysBefore: number) =>
  new Date(Date.parse(`${at}T00:00:00Z`) - daysBefore * dayMs).toISOString().slice(0, 10);

interface Day {
  customer: number;
  daysBefore: number;
  count: number;
  spentMinor: number;
}
// 300 customers: customer i buys on 1..6 days, evenly spaced, the last some days before `at`;
// some started before the year's window, one bought only two years ago, one is merged away.
const days: Day[] = [];
for (let i = 1; i <= 300; i++) {
  const n = 1 + ((i * 7) % 6);
  const gap = 3 + ((i * 11) % 60);
  const last = (i * 37) % 200;
  for (let k = 0; k < n; k++) {
    days.push({
      customer: i,
      daysBefore: last + k * gap,
      count: 1 + (k % 2),
      spentMinor: 100 * ((i * k) % 23),
    });
  }
}
days.push({ customer: 301, daysBefore: 730, count: 1, spentMinor: 500 });
days.push({ customer: 302, daysBefore: 5, count: 1, spentMinor: 500 });
const uuid = (i: number) => sql`md5(${String(i)})::uuid`;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await sql`INSERT INTO customers (id) SELECT md5(i::text)::uuid FROM generate_series(1, 302) i`.execute(
    db,
  );
  await sql`UPDATE customers SET merged_into = ${uuid(1)} WHERE id = ${uuid(302)}`.execute(db);
  for (const d of days) {
    await sql`INSERT INTO customer_purchase_days (customer_id, day, spent_minor, purchase_count)
      VALUES (${uuid(d.customer)}, ${dayOf(d.daysBefore)}, ${d.spentMinor}, ${d.count})`.execute(
      db,
    );
  }
}, 300_000);
afterAll(() => database.close());

/** Quintile scores and churn recomputed in plain TypeScript from the same days. */
function expected(churnFactor: number) {
  const active = new Map<number, { last: number; purchases: number; spent: number }>();
  for (const d of days) {
    if (d.customer === 302 || d.daysBefore >= 365) continue;
    const c = active.get(d.customer) ?? { last: Number.POSITIVE_INFINITY, purchases: 0, spent: 0 };
    c.last = Math.min(c.last, d.daysBefore);
    c.purchases += d.count;
    c.spent += d.spentMinor;
    active.set(d.customer, c);
  }
  const all = [...active.values()];
  const n = all.length;
  // rank() ascending: 1 + how many have a smaller value; recency: a later day is larger.
  const score = (value: number, of: (c: (typeof all)[number]) => number) =>
    1 + Math.floor((5 * all.filter((c) => of(c) < value).length) / n);
  const grid = Array.from({ length: 5 }, () => Array<number>(5).fill(0));
  const monetary = Array<number>(5).fill(0);
  const segments = new Map(rfmSegments.map((s) => [s.segment as string, 0]));
  let assessed = 0;
  let atRisk = 0;
  for (const [customer, c] of active) {
    const r = score(-c.last, (o) => -o.last);
    const f = score(c.purchases, (o) => o.purchases);
    const m = score(c.spent, (o) => o.spent);
    const cells = grid[r - 1] as number[];
    cells[f - 1] = (cells[f - 1] as number) + 1;
    monetary[m - 1] = (monetary[m - 1] as number) + 1;
    const segment = rfmSegmentOf(r, f);
    segments.set(segment, (segments.get(segment) ?? 0) + 1);
    const own = days.filter((d) => d.customer === customer).map((d) => d.daysBefore);
    if (own.length > 1) {
      assessed++;
      const interval = (Math.max(...own) - Math.min(...own)) / (own.length - 1);
      if (Math.min(...own) > churnFactor * interval) atRisk++;
    }
  }
  return {
    at,
    scoredAt: null,
    windowDays: 365,
    customers: n,
    grid,
    monetary,
    segments: [...segments].map(([segment, customers]) => ({ segment, customers })),
    churn: { factor: churnFactor, assessed, atRisk, oneDay: n - assessed },
  };
}

describe('the RFM distribution', () => {
  it('names every cell of the 5 × 5 grid exactly once', () => {
    const names = [];
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) names.push(rfmSegmentOf(r, f));
    expect(names).toHaveLength(25);
    expect(rfmSegmentOf(5, 5)).toBe('champions');
    expect(rfmSegmentOf(1, 1)).toBe('hibernating');
    expect(rfmSegmentOf(2, 5)).toBe('cant_lose');
    const cells = rfmSegments.reduce(
      (sum, s) => sum + (s.r[1] - s.r[0] + 1) * (s.f[1] - s.f[0] + 1),
      0,
    );
    expect(cells).toBe(25);
  });

  it.each([1, 2, 3])('matches an independent computation with churn factor %i', async (factor) => {
    const answer = await rfmDistribution(database.db, { at, churnFactor: factor });
    expect(answer).toEqual(expected(factor));
  });

  it('counts the year before `at`: the lapsed and the merged-away are not scored', async () => {
    const answer = await rfmDistribution(database.db, { at, churnFactor: 2 });
    expect(answer.customers).toBe(300);
    expect(answer.grid.flat().reduce((a, b) => a + b, 0)).toBe(300);
    expect(answer.segments.reduce((a, s) => a + s.customers, 0)).toBe(300);
    // The data is not degenerate: some are at risk, some not, some bought on one day only.
    expect(answer.churn.atRisk).toBeGreaterThan(0);
    expect(answer.churn.atRisk).toBeLessThan(answer.churn.assessed);
    expect(answer.churn.oneDay).toBeGreaterThan(0);
  });

  it("reads the day's kept scores only while they stand for `at`, with the same answer", async () => {
    const { db } = database;
    const walkedAt = new Date('2026-12-01T03:00:00Z');
    const walked = (day: string | null, factsChangedAt: Date | null) =>
      db
        .updateTable('segment_recompute_state')
        .set({ full_pass_day: day, full_pass_at: walkedAt, facts_changed_at: factsChangedAt })
        .execute();
    expect(await recomputeRfm(db, at, walkedAt)).toBe(300);
    await walked(at, null);
    expect(await rfmDistribution(db, { at, churnFactor: 2 })).toEqual({
      ...expected(2),
      scoredAt: walkedAt,
    });
    // A purchase after the walk counts from the next one: customer 1's fifth purchase day.
    await sql`INSERT INTO customer_purchase_days (customer_id, day, spent_minor, purchase_count)
      VALUES (${uuid(1)}, ${at}, 90000, 9)`.execute(db);
    try {
      expect(await rfmDistribution(db, { at, churnFactor: 2 })).toEqual({
        ...expected(2),
        scoredAt: walkedAt,
      });
      const live = await rfmDistribution(db, { at: dayOf(1), churnFactor: 2 });
      expect(live.scoredAt).toBeNull();
      // A history import after the walk, or a walk of another day: scored for the answer.
      await walked(at, new Date('2026-12-01T04:00:00Z'));
      const imported = await rfmDistribution(db, { at, churnFactor: 2 });
      expect(imported.scoredAt).toBeNull();
      expect(imported.monetary).not.toEqual(expected(2).monetary);
      await walked(dayOf(1), null);
      expect((await rfmDistribution(db, { at, churnFactor: 2 })).scoredAt).toBeNull();
    } finally {
      await sql`DELETE FROM customer_purchase_days WHERE customer_id = ${uuid(1)} AND day = ${at}`.execute(
        db,
      );
      await walked(null, null);
    }
  });
});
