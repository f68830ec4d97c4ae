import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import { runDueTransitions, type TransitionRun } from './run-due-transitions.ts';

export interface PointsSchedulerOptions {
  /** Pause between the end of one run and the start of the next, in ms. */
  everyMs: number;
  /** The time the runs book up to, epoch ms (`Date.now` on a server, fixed in tests). */
  clock: () => EpochMs;
  /** Told about every finished run (metrics, logs). */
  onRun?: (run: TransitionRun) => void;
  /** Told about a failed run; the scheduler carries on with the next one. */
  onError?: (error: unknown) => void;
}

export interface PointsScheduler {
  /** Stops the timer and waits for a run under way to finish. */
  stop(): Promise<void>;
}

/**
 * Runs {@link runDueTransitions} now and then every `everyMs` after the previous run ended,
 * so runs of one node never overlap (several nodes may run it at once, safely).
 */
export function startPointsScheduler(db: Db, options: PointsSchedulerOptions): PointsScheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runDueTransitions(db, options.clock())
      .then(
        (run) => options.onRun?.(run),
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.everyMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
