import type { EpochMs } from '../calendar/day-number.ts';
import { checkBusinessTime } from '../carts/business-time.ts';
import { PerkError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Job } from './job.ts';
import { type JobRun, performRun, startRun } from './job-runs.ts';

/**
 * Runs the job called `name` now, at `businessTime`, outside its schedule (which it leaves as
 * it is), and answers the recorded run. The jobs are idempotent, so running one the scheduler has
 * just run, or twice, does the work once. Refuses `unknown_job` (404, with the names known) and
 * `business_time_in_future` (422): a run dated ahead would hand out birthday bonuses or burn
 * points before their day, for real.
 */
export async function runJobNow(
  db: Db,
  jobs: readonly Job[],
  call: { name: string; businessTime: EpochMs; now: EpochMs; futureToleranceMs: number },
): Promise<JobRun> {
  const job = jobs.find((candidate) => candidate.name === call.name);
  if (!job) {
    throw new PerkError('not_found', 'unknown_job', `No job is called ${call.name}`, {
      details: { knownJobs: jobs.map((known) => known.name) },
    });
  }
  checkBusinessTime(
    new Date(call.businessTime).toISOString(),
    call.now,
    call.futureToleranceMs,
    '/businessTime',
  );
  const runId = await startRun(db, job, 'call', call.businessTime);
  return performRun(db, job, runId, call.businessTime, 'call');
}
