import { conflict } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { maskCardNumber } from './card-number.ts';
import { pickCardsToVoid, type VoidScope } from './pick-cards-to-void.ts';

/** A card voided by a return, as the return's receipt shows it (never the full number). */
export interface VoidedGiftCard {
  maskedNumber: string;
  /** The till line that sold it; null for a card sold without naming its line. */
  lineId: string | null;
}

/**
 * Voids the gift cards a purchase sold that come back with a return or cancel (which ones:
 * `pickCardsToVoid`), inside the transaction that books it: the buyer gets the money back, so
 * the cards must not pay any more. The rows are locked, so a till spending a card at the same
 * moment either goes first (and the return is refused) or is refused itself. A card already spent
 * from cannot be taken back: the return is refused with `gift_card_in_use` (409) at the field
 * that returned it, naming the card, and nothing changes. Answers the cards voided.
 */
export async function voidCardsSoldBy(
  trx: Db,
  input: { purchaseId: string; scope: VoidScope; now: Date },
): Promise<VoidedGiftCard[]> {
  const { scope } = input;
  if (scope.kind === 'return' && scope.lines.length === 0) return [];
  let query = trx
    .selectFrom('gift_cards')
    .select(['number', 'selling_line_id', 'nominal_minor', 'balance_minor'])
    .where('selling_purchase_id', '=', input.purchaseId)
    .where('status', '=', 'active');
  // A return locks only the cards of the lines it returns.
  if (scope.kind === 'return') {
    query = query.where(
      'selling_line_id',
      'in',
      scope.lines.map((line) => line.lineId),
    );
  }
  const rows = await query.orderBy('number').forUpdate().execute();
  const pick = pickCardsToVoid(
    rows.map((row) => ({
      number: row.number,
      lineId: row.selling_line_id,
      nominalMinor: row.nominal_minor,
      balanceMinor: row.balance_minor,
    })),
    scope,
  );
  if (!pick.ok) {
    const { spent } = pick;
    throw conflict(
      'gift_card_in_use',
      'A gift card sold in this purchase has been spent from; refund what is left on it instead',
      pick.field,
      {
        maskedNumber: maskCardNumber(spent.number),
        balanceMinor: spent.balanceMinor,
        ...(spent.lineId === null ? {} : { lineId: spent.lineId }),
      },
    );
  }
  for (const card of pick.cards) {
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
        amount_minor: card.balanceMinor,
        balance_after_minor: 0,
        purchase_id: input.purchaseId,
        effective_at: input.now,
      })
      .execute();
  }
  return pick.cards.map((card) => ({
    maskedNumber: maskCardNumber(card.number),
    lineId: card.lineId,
  }));
}
