import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Scheduled jobs run once across nodes: `job_schedule` holds each job's next due instant, and a
 * node claims a due job by locking its row `FOR UPDATE SKIP LOCKED` and moving the instant on in
 * the same transaction, so another node either skips the row or finds it no longer due.
 * `job_runs` records every run, scheduled or called, with what it did or why it failed; the job
 * itself runs outside the claiming transaction, so a long run holds no lock. Rows of `job_schedule`
 * are written at start-up from the list of jobs in the code, which stays the source of the names
 * and intervals.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE job_schedule (
      name text PRIMARY KEY,
      next_due_at timestamptz NOT NULL
    )`,
    `CREATE TABLE job_runs (
      id bigserial PRIMARY KEY,
      job_name text NOT NULL,
      trigger text NOT NULL CHECK (trigger IN ('schedule', 'call')),
      business_time timestamptz NOT NULL,
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      outcome text NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed')),
      counts jsonb,
      error text,
      CHECK ((outcome = 'running') = (finished_at IS NULL))
    )`,
    `CREATE INDEX job_runs_job_started_idx ON job_runs (job_name, started_at DESC, id DESC)`,
  ]);
}
