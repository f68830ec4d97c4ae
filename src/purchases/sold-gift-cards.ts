import type { RequestLine } from '../carts/cart-lines.ts';
import { ProblemCollector } from '../errors.ts';

/**
 * A gift card sold in a check: its number, or its number with the till line that sold it. Only a
 * card tied to its line is voided by a return of that line; any sold card is voided by a cancel.
 */
export type SoldGiftCard = string | { number: string; lineId: string };

/** A card to activate at commit, with the request field of its number for refusals. */
export interface CardSale {
  number: string;
  lineId: string | null;
  field: string;
}

/**
 * The cards a check sells, each tied to its line when the till names one. A card is sold by the
 * unit, so a line sells at most as many cards as its quantity and a weighted line none. Refusals
 * (400, all at once): `gift_card_line_unknown`, `gift_card_line_weighted`,
 * `gift_cards_exceed_line`.
 */
export function cardSales(
  lines: readonly RequestLine[],
  sold: readonly SoldGiftCard[],
): CardSale[] {
  const problems = new ProblemCollector();
  const byId = new Map(lines.map((line) => [line.lineId, line]));
  const cardsOnLine = new Map<string, number>();
  const sales = sold.map((card, i): CardSale => {
    if (typeof card === 'string')
      return { number: card, lineId: null, field: `/giftCardsSold/${i}` };
    const field = `/giftCardsSold/${i}/lineId`;
    const line = byId.get(card.lineId);
    const count = (cardsOnLine.get(card.lineId) ?? 0) + 1;
    cardsOnLine.set(card.lineId, count);
    if (!line) {
      problems.add(field, 'gift_card_line_unknown', `the check has no line "${card.lineId}"`);
    } else if (line.quantity === undefined) {
      problems.add(
        field,
        'gift_card_line_weighted',
        `line "${card.lineId}" is sold by weight; a gift card is sold by the unit`,
      );
    } else if (count === line.quantity + 1) {
      problems.add(
        field,
        'gift_cards_exceed_line',
        `line "${card.lineId}" sells ${line.quantity} units, not more cards`,
      );
    }
    return { number: card.number, lineId: card.lineId, field: `/giftCardsSold/${i}/number` };
  });
  problems.throwIfAny();
  return sales;
}
