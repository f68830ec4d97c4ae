import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The promotion watch's nightly runs: each keeps the findings it made over the active ruleset, so
 * the latest can be read without analysing again. Old runs stay as a history of what was found.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE watch_runs (
      id bigserial PRIMARY KEY,
      analyzed_at timestamptz NOT NULL,
      promotions integer NOT NULL,
      findings jsonb NOT NULL
    )`,
    `CREATE INDEX watch_runs_analyzed_idx ON watch_runs (analyzed_at DESC, id DESC)`,
  ]);
}
