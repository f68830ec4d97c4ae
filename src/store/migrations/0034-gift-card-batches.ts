import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Each gift card names the batch that issued it — the caller's `batch_id` under the API key that
 * sent it (the nil id for the console and the command line), as `idempotent_batches` keys it — so
 * the console can list batches with their cards' statuses and balances. Cards issued before are
 * matched to their batch through the numbers the batch's stored answer holds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `ALTER TABLE gift_cards ADD COLUMN batch_id text`,
    `ALTER TABLE gift_cards ADD COLUMN batch_key_id uuid`,
    `UPDATE gift_cards AS g SET batch_id = b.batch_id, batch_key_id = b.api_key_id
      FROM idempotent_batches AS b, jsonb_array_elements(b.result -> 'cards') AS c (card)
      WHERE b.kind = 'gift_cards' AND b.result IS NOT NULL AND c.card ->> 'number' = g.number`,
    `CREATE INDEX gift_cards_batch_idx ON gift_cards (batch_key_id, batch_id)`,
  ]);
}
