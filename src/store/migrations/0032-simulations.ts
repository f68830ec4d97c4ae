import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Programme simulations: candidate models × scenarios replayed over past checks. Like a backtest,
 * a request is a row that one node's worker claims under a lease, fills with progress and closes
 * with the results.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE simulation_runs (
      id uuid PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      request jsonb NOT NULL,
      requested_by text NOT NULL,
      checks_total integer NOT NULL CHECK (checks_total >= 0),
      checks_done integer NOT NULL DEFAULT 0 CHECK (checks_done >= 0),
      results jsonb,
      error text,
      lease_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`,
    `CREATE INDEX simulation_runs_created_idx ON simulation_runs (created_at DESC, id)`,
    `CREATE INDEX simulation_runs_open_idx ON simulation_runs (created_at)
      WHERE status IN ('queued', 'running')`,
  ]);
}
