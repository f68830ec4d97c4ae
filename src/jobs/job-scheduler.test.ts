import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import type { Job } from './job.ts';
import { claimDueRun, ensureSchedule } from './job-schedule.ts';
import { startJobScheduler } from './job-scheduler.ts';

let database: TestDatabase;
let db: Db;
/** A second client: its own connection pool on PostgreSQL, the one embedded connection on PGlite. */
let other: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  other = database.driver === 'postgres' ? database.reopen(4) : db;
});
afterAll(() => database.close());
beforeEach(async () => {
  await db.deleteFrom('job_runs').execute();
  await db.deleteFrom('job_schedule').execute();
});

const t0 = Date.parse('2026-06-01T09:00:00Z');
const minute = 60_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A job that records the business times it was started at and takes `ms` a run; `started(n)`
 * waits until it has been started n times.
 */
function countingJob(name: string, everyMs: number, ms = 20) {
  const times: number[] = [];
  let wake = () => {};
  const job: Job = {
    name,
    description: { ru: name, en: name },
    everyMs,
    run: async (_db, businessTime) => {
      times.push(businessTime);
      wake();
      await pause(ms);
      return { runs: times.length };
    },
  };
  const started = async (count: number) => {
    while (times.length < count) await new Promise<void>((resolve) => (wake = resolve));
  };
  return { job, times, started };
}

async function runsOf(name: string) {
  return db
    .selectFrom('job_runs')
    .select(['trigger', 'outcome', 'business_time', 'counts', 'error'])
    .where('job_name', '=', name)
    .orderBy('id')
    .execute();
}

describe('claiming a due run', () => {
  it('gives each due run to one of twenty claims made at once on two clients', async () => {
    const jobs = ['a', 'b', 'c'].map((name) => countingJob(name, minute).job);
    await ensureSchedule(db, jobs, t0);
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => claimDueRun(i % 2 === 0 ? db : other, jobs, t0)),
    );
    const claimed = claims.flatMap((claim) => (claim ? [claim.job.name] : []));
    expect(claimed.sort()).toEqual(['a', 'b', 'c']);
    // Due again a minute later, not a millisecond before.
    expect(await claimDueRun(db, jobs, t0 + minute - 1)).toBeNull();
    expect((await claimDueRun(db, jobs, t0 + minute))?.job.name).toBe('a');
    expect(await db.selectFrom('job_runs').select('id').execute()).toHaveLength(4);
  });

  it('keeps a known job’s due time on restart, brought forward when its interval shrank', async () => {
    const hourly = countingJob('h', 60 * minute).job;
    await ensureSchedule(db, [hourly], t0);
    expect((await claimDueRun(db, [hourly], t0))?.job.name).toBe('h');
    await ensureSchedule(db, [hourly], t0 + minute);
    expect(await claimDueRun(db, [hourly], t0 + 59 * minute)).toBeNull();
    const everyFive = { ...hourly, everyMs: 5 * minute };
    await ensureSchedule(db, [everyFive], t0 + minute);
    expect(await claimDueRun(db, [everyFive], t0 + 6 * minute - 1)).toBeNull();
    expect((await claimDueRun(db, [everyFive], t0 + 6 * minute))?.job.name).toBe('h');
  });
});

describe('two schedulers on two clients', () => {
  it('run each due job once, then once more when it is due again', async () => {
    const a = countingJob('a', minute);
    const b = countingJob('b', 5 * minute);
    const jobs = [a.job, b.job];
    let now = t0;
    const errors: unknown[] = [];
    const start = (client: Db) =>
      startJobScheduler(client, jobs, {
        pollMs: 5,
        clock: () => now,
        onError: (error) => errors.push(error),
      });
    const schedulers = [start(db), start(other)];
    await Promise.all([a.started(1), b.started(1)]);
    // Both loops poll many times more while nothing is due.
    await pause(150);
    expect([a.times, b.times]).toEqual([[t0], [t0]]);
    now = t0 + minute;
    await a.started(2);
    await pause(150);
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    expect([a.times, b.times]).toEqual([[t0, t0 + minute], [t0]]);
    expect(errors).toEqual([]);
    expect(await runsOf('a')).toEqual([
      {
        trigger: 'schedule',
        outcome: 'succeeded',
        business_time: new Date(t0),
        counts: { runs: 1 },
        error: null,
      },
      {
        trigger: 'schedule',
        outcome: 'succeeded',
        business_time: new Date(t0 + minute),
        counts: { runs: 2 },
        error: null,
      },
    ]);
  });
});

describe('one scheduler', () => {
  it('records a failed run with its error and goes on with the other jobs', async () => {
    const failing: Job = {
      name: 'broken',
      description: { ru: 'сломана', en: 'broken' },
      everyMs: minute,
      run: async () => {
        throw new Error('disk full');
      },
    };
    const fine = countingJob('fine', minute);
    const failures: string[] = [];
    const scheduler = startJobScheduler(db, [failing, fine.job], {
      pollMs: 5,
      clock: () => t0,
      onError: (error, job) => failures.push(`${job?.name}: ${(error as Error).message}`),
    });
    await fine.started(1);
    await scheduler.stop();
    expect(failures).toEqual(['broken: disk full']);
    expect(await runsOf('broken')).toMatchObject([
      { trigger: 'schedule', outcome: 'failed', counts: null, error: 'disk full' },
    ]);
  });

  it('stops only after the run under way has finished, and starts no other', async () => {
    const slow = countingJob('slow', minute, 200);
    const later = countingJob('waiting', minute);
    const scheduler = startJobScheduler(db, [slow.job, later.job], {
      pollMs: 5,
      clock: () => t0,
    });
    await slow.started(1);
    await scheduler.stop();
    expect(await runsOf('slow')).toMatchObject([{ outcome: 'succeeded', counts: { runs: 1 } }]);
    await pause(50);
    expect(later.times).toEqual([]);
    expect(await runsOf('waiting')).toEqual([]);
  });
});
