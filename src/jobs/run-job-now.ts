import type { EpochMs } from '../calendar/day-number.ts';
import { invalid, PerkError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Job } from './job.ts';
import { type JobRun, performRun, startRun } from './job-runs.ts';

/**
 * How far past the server's clock a called run may be dated. A run at a later business time
 * would hand out birthday bonuses or burn points ahead of their day, for real; clocks of a
 * caller and a server may differ by a little.
 */
export const futureToleranceMs = 5 * 60_000;

/**
 * Runs the job called `name` now, at `businessTime`, outside its schedule (which it leaves as
 * it is), and answers the recorded run. The jobs are idempotent, so running one the scheduler has
 * just run, or twice, does the work once. Refuses `unknown_job` (404, with the names known) and
 * `business_time_in_future` (400).
 */
export async function runJobNow(
  db: Db,
  jobs: readonly Job[],
  call: { name: string; businessTime: EpochMs; now: EpochMs },
): Promise<JobRun> {
  const job = jobs.find((candidate) => candidate.name === call.name);
  if (!job) {
    throw new PerkError('not_found', 'unknown_job', `No job is called ${call.name}`, {
      details: { knownJobs: jobs.map((known) => known.name) },
    });
  }
  if (call.businessTime > call.now + futureToleranceMs) {
    throw invalid(
      'business_time_in_future',
      'A job may not run at a business time more than 5 minutes ahead of the server clock',
      '/businessTime',
    );
  }
  const runId = await startRun(db, job, 'call', call.businessTime);
  return performRun(db, job, runId, call.businessTime);
}
