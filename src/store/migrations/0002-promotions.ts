import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/** Promotion definitions and the immutable ruleset versions calculations run against. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE promotions (
      id text PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('draft', 'active', 'paused', 'archived')),
      definition jsonb NOT NULL,
      revision integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX promotions_status_idx ON promotions (status)`,
    `CREATE TABLE ruleset_versions (
      version bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now(),
      actor_name text NOT NULL,
      reason text NOT NULL,
      settings jsonb NOT NULL,
      promotions jsonb NOT NULL
    )`,
  ]);
}
