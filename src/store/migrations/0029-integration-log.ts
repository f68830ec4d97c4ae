import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The integration log: every call made with an API key, its request and answer with personal data
 * masked, written in batches after the answers left, searchable by customer, transaction, key,
 * status and time, and deleted after PERK_INTEGRATION_LOG_DAYS days. Rows are numbered in the
 * order written, which pages the newest first; the indexes serve each filter with that order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE integration_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      request_id text NOT NULL,
      key_id uuid NOT NULL,
      method text NOT NULL,
      route text,
      url text NOT NULL,
      status integer NOT NULL,
      latency_us integer NOT NULL,
      customer_id uuid,
      transaction_id text,
      request text,
      request_truncated boolean NOT NULL,
      response text,
      response_truncated boolean NOT NULL
    )`,
    'CREATE INDEX integration_log_at_idx ON integration_log (at)',
    'CREATE INDEX integration_log_key_idx ON integration_log (key_id, id)',
    `CREATE INDEX integration_log_customer_idx ON integration_log (customer_id, id)
      WHERE customer_id IS NOT NULL`,
    `CREATE INDEX integration_log_transaction_idx ON integration_log (transaction_id, id)
      WHERE transaction_id IS NOT NULL`,
    'CREATE INDEX integration_log_status_idx ON integration_log (status, id)',
  ]);
}
