import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/**
 * Locks the rows of the given gift cards in one statement, in card number order. Every
 * transaction touching several cards locks them all this way before it changes any, so two
 * transactions sharing cards queue on the lowest shared number instead of deadlocking whatever
 * order their payments list the cards in. Numbers without a card are skipped: the charge that
 * follows refuses them.
 */
export async function lockGiftCards(
  trx: Kysely<Database>,
  numbers: Iterable<string>,
): Promise<void> {
  const distinct = [...new Set(numbers)];
  if (distinct.length === 0) return;
  await trx
    .selectFrom('gift_cards')
    .select('number')
    .where('number', 'in', distinct)
    .orderBy('number')
    .forUpdate()
    .execute();
}
