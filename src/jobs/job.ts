import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import type { JobTrigger } from '../store/schema.ts';

/** What a run did, by name: `{ granted: 3 }`, `{ activated: 12, expired: 4, skipped: 0 }`. */
export type JobCounts = Readonly<Record<string, number>>;

/**
 * One scheduled job: a stable name (the URL of `POST /v1/jobs/{name}/run`), what it does, how
 * often, and the work itself. Every job must be idempotent and safe beside another run of itself
 * at the same business time: a call may overlap a scheduled run, and a run cut short by a crash
 * is simply done again.
 */
export interface Job {
  readonly name: string;
  readonly description: { readonly ru: string; readonly en: string };
  /** The pause between two scheduled runs, in ms. */
  readonly everyMs: number;
  /**
   * Does the work due at `businessTime` (epoch ms) and answers what it did. `trigger` says
   * whether the schedule or a person (`POST /v1/jobs/{name}/run`) asked.
   */
  run(db: Db, businessTime: EpochMs, trigger: JobTrigger): Promise<JobCounts>;
}
