/** A run the API makes in the background (a backtest, a simulation), as far as its state goes. */
export interface BackgroundRun {
  status: 'queued' | 'running' | 'done' | 'failed';
  checksTotal: number;
  checksDone: number;
}

// A run in the queue or under way is asked again this often, for its progress.
const pollMs = 1_000;

export const runStatusColors: Record<BackgroundRun['status'], string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

export function isFinished(run: BackgroundRun): boolean {
  return run.status === 'done' || run.status === 'failed';
}

/** How far a run is, in whole percent of the checks it reads. */
export function progressOf(run: BackgroundRun): number {
  return run.checksTotal === 0 ? 0 : Math.floor((run.checksDone * 100) / run.checksTotal);
}

/** A list's `refetchInterval`: asked again while one of its runs is unfinished. */
export function pollWhileAnyRuns(runs: readonly BackgroundRun[] | undefined): number | false {
  return runs?.every(isFinished) === false ? pollMs : false;
}

/** One run's `refetchInterval`: asked again until it is done or failed. */
export function pollUntilFinished(run: BackgroundRun | undefined): number | false {
  return run && isFinished(run) ? false : pollMs;
}
