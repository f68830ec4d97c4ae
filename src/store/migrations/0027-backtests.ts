import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Backtests of the promotion watch: a draft promotion tried on the past checks of a period. A
 * request is a row that any node's worker claims (a lease, so a node that dies leaves it to
 * another), fills with progress page by page and closes with the report.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE backtest_runs (
      id uuid PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      request jsonb NOT NULL,
      requested_by text NOT NULL,
      checks_total integer NOT NULL CHECK (checks_total >= 0),
      checks_done integer NOT NULL DEFAULT 0 CHECK (checks_done >= 0),
      report jsonb,
      error text,
      lease_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`,
    `CREATE INDEX backtest_runs_created_idx ON backtest_runs (created_at DESC, id)`,
    `CREATE INDEX backtest_runs_open_idx ON backtest_runs (created_at)
      WHERE status IN ('queued', 'running')`,
  ]);
}
