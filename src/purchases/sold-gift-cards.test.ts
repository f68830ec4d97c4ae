import { describe, expect, it } from 'vitest';
import { PerkError } from '../errors.ts';
import { cardSales } from './sold-gift-cards.ts';

const lines = [
  { lineId: 'cards', sku: 'GIFT-CARD', unitPriceMinor: 100_000, quantity: 2 },
  { lineId: 'cheese', sku: 'CHEESE', unitPriceMinor: 90_000, quantityMilli: 1_500 },
];

describe('cardSales', () => {
  it('ties each card to the line that sold it; a bare number is tied to none', () => {
    expect(
      cardSales(lines, ['9000 0000 0000 0001', { number: '9000000000000002', lineId: 'cards' }]),
    ).toEqual([
      { number: '9000 0000 0000 0001', lineId: null, field: '/giftCardsSold/0' },
      { number: '9000000000000002', lineId: 'cards', field: '/giftCardsSold/1/number' },
    ]);
  });

  it('refuses unknown and weighted lines and more cards than units, all at once', () => {
    const refusal = (() => {
      try {
        cardSales(lines, [
          { number: '1', lineId: 'nope' },
          { number: '2', lineId: 'cheese' },
          { number: '3', lineId: 'cards' },
          { number: '4', lineId: 'cards' },
          { number: '5', lineId: 'cards' },
          { number: '6', lineId: 'cards' },
        ]);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(PerkError);
    expect((refusal as PerkError).problems.map(({ field, code }) => ({ field, code }))).toEqual([
      { field: '/giftCardsSold/0/lineId', code: 'gift_card_line_unknown' },
      { field: '/giftCardsSold/1/lineId', code: 'gift_card_line_weighted' },
      { field: '/giftCardsSold/4/lineId', code: 'gift_cards_exceed_line' },
    ]);
  });
});
