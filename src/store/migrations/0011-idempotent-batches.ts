import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Batches made on request (coupon codes for a series, gift cards), each under the caller's batch
 * id, so a retried request answers the batch it already made instead of making another. The key
 * is per API key, as a till's transaction ids are; `resource_id` is the coupon series, '' for
 * gift cards. `request` keeps the compared fields, so a conflict can name the one that differs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE idempotent_batches (
      kind text NOT NULL CHECK (kind IN ('coupon_codes', 'gift_cards')),
      api_key_id uuid NOT NULL,
      resource_id text NOT NULL,
      batch_id text NOT NULL,
      request jsonb NOT NULL,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, api_key_id, resource_id, batch_id)
    )`,
  ]);
}
