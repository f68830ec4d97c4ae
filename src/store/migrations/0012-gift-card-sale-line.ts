import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A gift card sold in a purchase remembers the till line that sold it, so returning that line
 * voids the card (a cancel voids every card the purchase sold, tied to a line or not). Every
 * return now looks up the cards its purchase sold, hence the index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `ALTER TABLE gift_cards ADD COLUMN selling_line_id text`,
    `ALTER TABLE gift_cards ADD CONSTRAINT gift_cards_selling_line_check
      CHECK (selling_line_id IS NULL OR selling_purchase_id IS NOT NULL)`,
    `CREATE INDEX gift_cards_selling_purchase_idx
      ON gift_cards (selling_purchase_id, selling_line_id) WHERE selling_purchase_id IS NOT NULL`,
  ]);
}
