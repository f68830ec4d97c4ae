import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The optional log of cart calculations, so support can read back why a cart that never became a
 * purchase was priced as it was. No foreign keys: the log is written in batches after the answer
 * and must never refuse an entry because a store or customer changed meanwhile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE calculation_log (
      id uuid PRIMARY KEY,
      created_at timestamptz NOT NULL,
      api_key_id uuid,
      store_id text NOT NULL,
      customer_id uuid,
      ruleset_version text NOT NULL,
      request jsonb NOT NULL,
      result jsonb NOT NULL
    )`,
    `CREATE INDEX calculation_log_customer_idx ON calculation_log (customer_id, created_at)`,
    `CREATE INDEX calculation_log_created_idx ON calculation_log (created_at)`,
  ]);
}
