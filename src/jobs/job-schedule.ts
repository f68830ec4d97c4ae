import { sql } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import type { Job } from './job.ts';
import { startRun } from './job-runs.ts';

/** A due run this node has claimed: nobody else will run this job until its next due time. */
export interface ClaimedRun {
  job: Job;
  runId: string;
  businessTime: EpochMs;
}

/**
 * Writes a schedule row for every job: a job new to this database is due at once; a known one
 * keeps its due time, brought forward when the code now runs it more often than when it was set.
 * Safe on several nodes starting together.
 */
export async function ensureSchedule(db: Db, jobs: readonly Job[], now: EpochMs): Promise<void> {
  for (const job of jobs) {
    const latest = new Date(now + job.everyMs);
    await db
      .insertInto('job_schedule')
      .values({ name: job.name, next_due_at: new Date(now) })
      .onConflict((conflict) =>
        conflict.column('name').doUpdateSet({
          next_due_at: sql<Date>`least(job_schedule.next_due_at, ${latest}::timestamptz)`,
        }),
      )
      .execute();
  }
}

/**
 * Claims the job that has been due longest at `now`, if any: its schedule row is locked
 * `FOR UPDATE SKIP LOCKED`, moved to `now + everyMs` and the run recorded, all in one
 * transaction. A node that meets the locked row passes it by; one that reads it after the commit
 * finds it no longer due. So each due run is claimed by one node, however many are polling.
 */
export async function claimDueRun(
  db: Db,
  jobs: readonly Job[],
  now: EpochMs,
): Promise<ClaimedRun | null> {
  const byName = new Map(jobs.map((job) => [job.name, job]));
  if (byName.size === 0) return null;
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('job_schedule')
      .select('name')
      .where('name', 'in', [...byName.keys()])
      .where('next_due_at', '<=', new Date(now))
      .orderBy('next_due_at')
      .orderBy('name')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    const job = due && byName.get(due.name);
    if (!job) return null;
    await trx
      .updateTable('job_schedule')
      .set({ next_due_at: new Date(now + job.everyMs) })
      .where('name', '=', job.name)
      .execute();
    return { job, runId: await startRun(trx, job, 'schedule', now), businessTime: now };
  });
}

/** The next due time of each job that has a schedule row, by job name. */
export async function nextDueTimes(db: Db, jobs: readonly Job[]): Promise<Map<string, Date>> {
  if (jobs.length === 0) return new Map();
  const rows = await db
    .selectFrom('job_schedule')
    .select(['name', 'next_due_at'])
    .where(
      'name',
      'in',
      jobs.map((job) => job.name),
    )
    .execute();
  return new Map(rows.map((row) => [row.name, row.next_due_at]));
}
