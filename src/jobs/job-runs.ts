import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import type { JobOutcome, JobTrigger } from '../store/schema.ts';
import type { Job, JobCounts } from './job.ts';

/** One run of a job, as `job_runs` records it and the API answers it. */
export interface JobRun {
  job: string;
  trigger: JobTrigger;
  businessTime: string;
  startedAt: string;
  /** Null while the run is under way (or when its node died during it). */
  finishedAt: string | null;
  outcome: JobOutcome;
  counts: JobCounts | null;
  error: string | null;
}

/** Runs older than this are deleted when their job next finishes: the record is for operations. */
const keptMs = 30 * 86_400_000;
/** An error's message is kept, not its stack; a long one is cut. */
const errorLength = 1_000;

/** Records a run as under way, started now; answers its id for {@link performRun}. */
export async function startRun(
  db: Db,
  job: Job,
  trigger: JobTrigger,
  businessTime: EpochMs,
): Promise<string> {
  const row = await db
    .insertInto('job_runs')
    .values({
      job_name: job.name,
      trigger,
      business_time: new Date(businessTime),
      started_at: new Date(),
      outcome: 'running',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/**
 * Does a started run's work and records how it ended: its counts, or the error's message. A
 * failed run is recorded, then the error is thrown on to the caller.
 */
export async function performRun(
  db: Db,
  job: Job,
  runId: string,
  businessTime: EpochMs,
  trigger: JobTrigger,
): Promise<JobRun> {
  let counts: JobCounts;
  try {
    counts = await job.run(db, businessTime, trigger);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(db, job, runId, { outcome: 'failed', error: message.slice(0, errorLength) });
    throw error;
  }
  return finishRun(db, job, runId, { outcome: 'succeeded', counts });
}

async function finishRun(
  db: Db,
  job: Job,
  runId: string,
  end: { outcome: 'succeeded'; counts: JobCounts } | { outcome: 'failed'; error: string },
): Promise<JobRun> {
  const finishedAt = new Date();
  const row = await db
    .updateTable('job_runs')
    .set({
      finished_at: finishedAt,
      outcome: end.outcome,
      counts: end.outcome === 'succeeded' ? JSON.stringify(end.counts) : null,
      error: end.outcome === 'failed' ? end.error : null,
    })
    .where('id', '=', runId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom('job_runs')
    .where('job_name', '=', job.name)
    .where('started_at', '<', new Date(finishedAt.getTime() - keptMs))
    .execute();
  return toJobRun(row);
}

/** The latest run of each of `jobs` that has one, by job name; each read is one index probe. */
export async function lastRuns(db: Db, jobs: readonly Job[]): Promise<Map<string, JobRun>> {
  const runs = new Map<string, JobRun>();
  for (const job of jobs) {
    const row = await db
      .selectFrom('job_runs')
      .selectAll()
      .where('job_name', '=', job.name)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row) runs.set(job.name, toJobRun(row));
  }
  return runs;
}

interface JobRunRow {
  job_name: string;
  trigger: JobTrigger;
  business_time: Date;
  started_at: Date;
  finished_at: Date | null;
  outcome: JobOutcome;
  counts: JobCounts | null;
  error: string | null;
}

function toJobRun(row: JobRunRow): JobRun {
  return {
    job: row.job_name,
    trigger: row.trigger,
    businessTime: row.business_time.toISOString(),
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    outcome: row.outcome,
    counts: row.counts,
    error: row.error,
  };
}
