import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { BucketArithmetic, type FailedLookupLimiter, FailureLimiter } from './failure-limiter.ts';
import { StoredFailureLimiter } from './stored-failure-limiter.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.close());

let names = 0;

/** A limiter of each kind with a clock the test moves; stored ones get a name of their own. */
const kinds: {
  kind: string;
  make: (
    rule: { capacity: number; refillPerMinute: number },
    clock: () => number,
  ) => FailedLookupLimiter;
}[] = [
  { kind: 'in memory', make: (rule, clock) => new FailureLimiter({ ...rule, clock }) },
  {
    kind: 'in the database',
    make: (rule, clock) => {
      names += 1;
      return new StoredFailureLimiter(db, { ...rule, clock, name: `limiter-${names}` });
    },
  },
];

// One suite for both: they must count alike, to the second.
describe.each(kinds)('the failed-lookup limiter $kind', ({ make }) => {
  it('refuses after a burst of 3, then forgives one failure every 10 s (6 a minute)', async () => {
    let clock = 1_000_000;
    const limiter = make({ capacity: 3, refillPerMinute: 6 }, () => clock);
    expect(await limiter.retryAfterSeconds(['key:a'])).toBe(0);
    expect(await limiter.recordFailures(['key:a'])).toBe(0);
    expect(await limiter.recordFailures(['key:a'])).toBe(0);
    expect(await limiter.recordFailures(['key:a'])).toBe(10);
    expect(await limiter.retryAfterSeconds(['key:a'])).toBe(10);
    clock += 4_000;
    expect(await limiter.retryAfterSeconds(['key:a'])).toBe(6);
    clock += 6_000;
    expect(await limiter.retryAfterSeconds(['key:a'])).toBe(0);
    expect(await limiter.recordFailures(['key:a'])).toBe(10);
    // A full burst back after 3 × 10 s.
    clock += 30_000;
    expect(await limiter.recordFailures(['key:a'], 2)).toBe(0);
    expect(await limiter.recordFailures(['key:a'])).toBe(10);
  });

  it('never owes more than a whole burst: 50 failures at once wait like 3', async () => {
    let clock = 5_000_000;
    const limiter = make({ capacity: 3, refillPerMinute: 6 }, () => clock);
    expect(await limiter.recordFailures(['key:b'], 50)).toBe(10);
    clock += 30_000;
    expect(await limiter.recordFailures(['key:b'], 2)).toBe(0);
  });

  it('answers the longest wait of the keys, and counts each key on its own', async () => {
    let clock = 9_000_000;
    const limiter = make({ capacity: 2, refillPerMinute: 1 }, () => clock);
    expect(await limiter.recordFailures(['key:c', 'customer:c'], 2)).toBe(60);
    clock += 20_000;
    expect(await limiter.recordFailures(['key:d'])).toBe(0);
    expect(await limiter.retryAfterSeconds(['key:d', 'customer:c'])).toBe(40);
    expect(await limiter.retryAfterSeconds(['key:d'])).toBe(0);
    expect(await limiter.recordFailures(['key:d'], 0)).toBe(0);
  });
});

describe('the bucket arithmetic', () => {
  it('rounds an interval up to a whole millisecond: 7 a minute is one per 8 572 ms', () => {
    const bucket = new BucketArithmetic({ capacity: 2, refillPerMinute: 7 });
    expect(bucket.intervalMs).toBe(8_572);
    expect(bucket.afterFailures(undefined, 0, 2)).toBe(17_144);
    expect(bucket.waitSeconds(17_144, 0)).toBe(9);
    expect(bucket.waitSeconds(17_144, 8_572)).toBe(0);
  });
});

describe('the limiter in the database', () => {
  it('counts every node against one limit: 2 failures on one and 1 on another refuse both', async () => {
    let clock = 20_000_000;
    const node = () =>
      new StoredFailureLimiter(database.driver === 'postgres' ? database.reopen(2) : db, {
        name: 'shared',
        capacity: 3,
        refillPerMinute: 6,
        clock: () => clock,
      });
    const [a, b, c] = [node(), node(), node()];
    expect(await a.recordFailures(['key:k'], 2)).toBe(0);
    expect(await c.retryAfterSeconds(['key:k'])).toBe(0);
    expect(await b.recordFailures(['key:k'])).toBe(10);
    expect(await a.retryAfterSeconds(['key:k'])).toBe(10);
    expect(await c.retryAfterSeconds(['key:k'])).toBe(10);
    clock += 10_000;
    expect(await c.retryAfterSeconds(['key:k'])).toBe(0);
  });

  it('keeps limiters of other names apart in one table', async () => {
    const clock = () => 30_000_000;
    const coupons = new StoredFailureLimiter(db, {
      name: 'c',
      capacity: 1,
      refillPerMinute: 1,
      clock,
    });
    const pins = new StoredFailureLimiter(db, {
      name: 'p',
      capacity: 1,
      refillPerMinute: 1,
      clock,
    });
    expect(await coupons.recordFailures(['key:same'])).toBe(60);
    expect(await pins.retryAfterSeconds(['key:same'])).toBe(0);
  });

  it('refuses a key it saw refused without reading, until its wait is over', async () => {
    let clock = 40_000_000;
    const limiter = new StoredFailureLimiter(db, {
      name: 'memo',
      capacity: 1,
      refillPerMinute: 1,
      clock: () => clock,
    });
    expect(await limiter.recordFailures(['key:m'])).toBe(60);
    await db.deleteFrom('failed_lookup_buckets').where('key', '=', 'memo|key:m').execute();
    clock += 30_000;
    expect(await limiter.retryAfterSeconds(['key:m'])).toBe(30);
    clock += 30_000;
    expect(await limiter.retryAfterSeconds(['key:m'])).toBe(0);
  });

  it('sweeps the rows of forgiven keys when it next records a failure', async () => {
    let clock = 50_000_000;
    const limiter = new StoredFailureLimiter(db, {
      name: 'sweep',
      capacity: 2,
      refillPerMinute: 60,
      clock: () => clock,
      sweepEveryMs: 60_000,
    });
    await limiter.recordFailures(['key:old']);
    clock += 60_000;
    await limiter.recordFailures(['key:new']);
    const rows = await db
      .selectFrom('failed_lookup_buckets')
      .select(['key', 'full_at_ms'])
      .where('key', 'like', 'sweep|%')
      .execute();
    expect(rows).toEqual([{ key: 'sweep|key:new', full_at_ms: 50_061_000 }]);
  });
});
