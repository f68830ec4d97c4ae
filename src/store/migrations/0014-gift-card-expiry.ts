import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * An expired gift card's remaining balance is written off by an `expire` entry in its ledger, so
 * the outstanding balances are the retailer's real liability. The card keeps its status: expiry
 * is read from `expires_at`, as paying and the balance view always did.
 *
 * The expiry job finds its work through a partial index of the cards that still carry money and
 * can expire; a written-off card leaves it, so each run reads only what is due, not every card
 * that ever expired. `balance_minor` in the predicate makes charges non-HOT updates, a small
 * price next to scanning all expired cards every hour.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `ALTER TABLE gift_card_entries DROP CONSTRAINT gift_card_entries_kind_check`,
    `ALTER TABLE gift_card_entries ADD CONSTRAINT gift_card_entries_kind_check
      CHECK (kind IN ('issue', 'activation', 'charge', 'refund', 'void', 'expire'))`,
    `CREATE INDEX gift_cards_expiring_idx ON gift_cards (expires_at, number)
      WHERE status = 'active' AND balance_minor > 0 AND expires_at IS NOT NULL`,
  ]);
}
