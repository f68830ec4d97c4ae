import { conflict } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { maskCardNumber } from './card-number.ts';

/**
 * Voids the gift cards a purchase sold, inside the transaction that cancels it: the buyer gets
 * the money back, so the cards must not pay any more. The rows are locked, so a till spending a
 * card at the same moment either goes first (and the cancel is refused) or is refused itself.
 * A card already spent from cannot be taken back: the cancel is refused with
 * `gift_card_in_use` (409), naming the card, and nothing changes.
 */
export async function voidCardsSoldBy(
  trx: Db,
  input: { purchaseId: string; now: Date },
): Promise<void> {
  const cards = await trx
    .selectFrom('gift_cards')
    .select(['number', 'nominal_minor', 'balance_minor'])
    .where('selling_purchase_id', '=', input.purchaseId)
    .where('status', '=', 'active')
    .orderBy('number')
    .forUpdate()
    .execute();
  const spent = cards.find((card) => card.balance_minor < card.nominal_minor);
  if (spent) {
    throw conflict(
      'gift_card_in_use',
      'A gift card sold in this purchase has been spent from; refund what is left on it instead',
      '/id',
      { maskedNumber: maskCardNumber(spent.number), balanceMinor: spent.balance_minor },
    );
  }
  for (const card of cards) {
    await trx
      .updateTable('gift_cards')
      .set({ status: 'voided', balance_minor: 0 })
      .where('number', '=', card.number)
      .execute();
    await trx
      .insertInto('gift_card_entries')
      .values({
        card_number: card.number,
        kind: 'void',
        amount_minor: card.balance_minor,
        balance_after_minor: 0,
        purchase_id: input.purchaseId,
        effective_at: input.now,
      })
      .execute();
  }
}
