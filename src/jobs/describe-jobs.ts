import type { Db } from '../store/database.ts';
import type { Job } from './job.ts';
import { type JobRun, lastRuns } from './job-runs.ts';
import { nextDueTimes } from './job-schedule.ts';

export interface JobView {
  name: string;
  description: { ru: string; en: string };
  everySeconds: number;
  /** Null until a scheduler has started on this database. */
  nextDueAt: string | null;
  lastRun: JobRun | null;
}

/** Every job with its schedule, its next due time and its latest run, in the list's order. */
export async function describeJobs(db: Db, jobs: readonly Job[]): Promise<JobView[]> {
  const due = await nextDueTimes(db, jobs);
  const runs = await lastRuns(db, jobs);
  return jobs.map((job) => ({
    name: job.name,
    description: { ...job.description },
    everySeconds: Math.round(job.everyMs / 1_000),
    nextDueAt: due.get(job.name)?.toISOString() ?? null,
    lastRun: runs.get(job.name) ?? null,
  }));
}
