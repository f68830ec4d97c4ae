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
 * The cards a return or cancel of the purchase may void, read without locks: for a caller that
 * locks them together with other cards first (`lockGiftCards`), then calls `voidCardsSoldBy`.
 */
export async function soldCardNumbers(
  trx: Db,
  input: { purchaseId: string; scope: VoidScope },
): Promise<string[]> {
  return (await soldInScope(trx, input, false)).map((row) => row.number);
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
  const rows = await soldInScope(trx, input, true);
  const pick = pickCardsToVoid(
    rows.map((row) => ({
      number: row.number,
      lineId: row.selling_line_id,
      nominalMinor: row.nominal_minor,
      balanceMinor: row.balance_minor,
      expiredMinor: row.expired_minor,
    })),
    input.scope,
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

/**
 * The purchase's active sold cards, by number, locked when `lock`; for a return only those of the
 * lines it returns, so a return locks no card of the lines it keeps.
 */
async function soldInScope(
  trx: Db,
  input: { purchaseId: string; scope: VoidScope },
  lock: boolean,
) {
  const { scope } = input;
  if (scope.kind === 'return' && scope.lines.length === 0) return [];
  let query = trx
    .selectFrom('gift_cards')
    .select(['number', 'selling_line_id', 'nominal_minor', 'balance_minor'])
    // A sum of bigints is numeric, read as a string; cast back to bigint to read a number.
    .select((eb) =>
      eb
        .cast<number>(
          eb.fn.coalesce(
            eb
              .selectFrom('gift_card_entries')
              .select((sub) => sub.fn.sum('amount_minor').as('sum'))
              .whereRef('card_number', '=', 'gift_cards.number')
              .where('kind', '=', 'expire'),
            eb.lit(0),
          ),
          'bigint',
        )
        .as('expired_minor'),
    )
    .where('selling_purchase_id', '=', input.purchaseId)
    .where('status', '=', 'active')
    .orderBy('number');
  if (scope.kind === 'return') {
    query = query.where(
      'selling_line_id',
      'in',
      scope.lines.map((line) => line.lineId),
    );
  }
  if (lock) query = query.forUpdate();
  return query.execute();
}
