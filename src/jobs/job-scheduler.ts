import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import type { Job } from './job.ts';
import { type JobRun, performRun } from './job-runs.ts';
import { claimDueRun, ensureSchedule } from './job-schedule.ts';
import { type PollingLoop, startPolling } from './polling-loop.ts';

export interface JobSchedulerOptions {
  /** The pause between one pass over the due jobs and the next, in ms. */
  pollMs: number;
  /** The time due runs are claimed and run at, epoch ms (`Date.now` on a server, fixed in tests). */
  clock: () => EpochMs;
  /** Told about every finished run (logs). */
  onRun?: (run: JobRun) => void;
  /** Told about a failed run or pass; the scheduler carries on. */
  onError?: (error: unknown, job?: Job) => void;
}

/** `stop` waits for the run under way to finish; no new run starts meanwhile. */
export type JobScheduler = PollingLoop;

/**
 * One loop per process: writes the schedule, then every `pollMs` claims and runs the due jobs one
 * after another until none is due. The claim is in the database ({@link claimDueRun}), so with
 * several nodes each due run happens on one of them.
 */
export function startJobScheduler(
  db: Db,
  jobs: readonly Job[],
  options: JobSchedulerOptions,
): JobScheduler {
  let scheduled = false;
  return startPolling(
    async (stopped) => {
      if (!scheduled) {
        await ensureSchedule(db, jobs, options.clock());
        scheduled = true;
      }
      await runDueJobs(db, jobs, options, stopped);
    },
    options.pollMs,
    (error) => options.onError?.(error),
  );
}

async function runDueJobs(
  db: Db,
  jobs: readonly Job[],
  options: JobSchedulerOptions,
  stopped: () => boolean,
): Promise<void> {
  while (!stopped()) {
    const claimed = await claimDueRun(db, jobs, options.clock());
    if (!claimed) return;
    try {
      // Not inside `onRun?.(…)`: an absent callback would skip evaluating its argument, the run.
      const run = await performRun(
        db,
        claimed.job,
        claimed.runId,
        claimed.businessTime,
        'schedule',
      );
      options.onRun?.(run);
    } catch (error) {
      options.onError?.(error, claimed.job);
    }
  }
}
