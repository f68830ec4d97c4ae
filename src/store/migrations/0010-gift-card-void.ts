import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A gift card sold in a purchase that is then cancelled is voided: its money went back to the
 * buyer, so the card must not pay any more. The void is an entry in the card's ledger.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `ALTER TABLE gift_cards DROP CONSTRAINT gift_cards_status_check`,
    `ALTER TABLE gift_cards ADD CONSTRAINT gift_cards_status_check
      CHECK (status IN ('issued', 'active', 'voided'))`,
    `ALTER TABLE gift_card_entries DROP CONSTRAINT gift_card_entries_kind_check`,
    `ALTER TABLE gift_card_entries ADD CONSTRAINT gift_card_entries_kind_check
      CHECK (kind IN ('issue', 'activation', 'charge', 'refund', 'void'))`,
  ]);
}
