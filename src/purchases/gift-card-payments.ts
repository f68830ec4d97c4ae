import type { FailedLookupLimiter } from '../coupons/failure-limiter.ts';
import { conflict } from '../errors.ts';
import { normaliseCardNumber } from '../gift-cards/card-number.ts';
import {
  chargedCardNumbers,
  chargeGiftCard,
  refundGiftCard,
} from '../gift-cards/charge-gift-card.ts';
import { activateGiftCard } from '../gift-cards/issue-gift-cards.ts';
import { lockGiftCards } from '../gift-cards/lock-gift-cards.ts';
import type { VoidScope } from '../gift-cards/pick-cards-to-void.ts';
import {
  soldCardNumbers,
  type VoidedGiftCard,
  voidCardsSoldBy,
} from '../gift-cards/void-sold-cards.ts';
import type { Db } from '../store/database.ts';
import type { CardSale } from './sold-gift-cards.ts';

export interface GiftCardPayment {
  kind: 'gift_card';
  amountMinor: number;
  giftCard: { number: string; pin: string };
}

export interface GiftCardCharge {
  maskedNumber: string;
  chargedMinor: number;
  balanceMinor: number;
}

/**
 * Charges the gift cards a check is paid with, in payment order, and activates the cards it sells
 * (each tied to the line that sold it, when the till named one), inside the commit transaction.
 * A refused card refuses the commit: 409 `gift_card_refused` with the reason (and the balance when
 * it is short) at the payment's field, or `gift_card_not_sellable` for a card sold twice or
 * unknown.
 */
export async function settleGiftCards(
  trx: Db,
  input: {
    purchaseId: string;
    payments: readonly { index: number; payment: GiftCardPayment }[];
    sold: readonly CardSale[];
    now: Date;
    apiKeyId: string | null;
    /** Wrong PINs and unknown numbers, counted with the node's other lookups. */
    pins: FailedLookupLimiter;
  },
): Promise<GiftCardCharge[]> {
  // The lock order every caller keeps: points account, coupons, budgets, then all the gift cards
  // at once by number (never in payment order, which two tills may list the other way round).
  await lockGiftCards(trx, [
    ...input.payments.map(({ payment }) => normaliseCardNumber(payment.giftCard.number)),
    ...input.sold.map((sale) => normaliseCardNumber(sale.number)),
  ]);
  const charges: GiftCardCharge[] = [];
  for (const { index, payment } of input.payments) {
    const { number, pin } = payment.giftCard;
    const result = await chargeGiftCard(
      trx,
      {
        number,
        pin,
        amountMinor: payment.amountMinor,
        purchaseId: input.purchaseId,
        now: input.now,
        apiKeyId: input.apiKeyId,
      },
      input.pins,
    );
    if (!result.ok) {
      throw conflict(
        'gift_card_refused',
        `The gift card cannot pay: ${result.reason}`,
        `/payments/${index}`,
        {
          reason: result.reason,
          ...(result.balanceMinor === undefined ? {} : { balanceMinor: result.balanceMinor }),
        },
      );
    }
    charges.push({
      maskedNumber: result.maskedNumber,
      chargedMinor: result.chargedMinor,
      balanceMinor: result.balanceMinor,
    });
  }
  for (const sale of input.sold) {
    const activated = await activateGiftCard(trx, {
      number: sale.number,
      purchaseId: input.purchaseId,
      now: input.now,
    });
    if (!activated.ok)
      throw conflict(
        'gift_card_not_sellable',
        `The gift card cannot be sold: ${activated.reason}`,
        sale.field,
      );
    if (sale.lineId !== null) {
      // Tied to its line, so a return of that line voids it (see voidCardsSoldBy).
      await trx
        .updateTable('gift_cards')
        .set({ selling_line_id: sale.lineId })
        .where('number', '=', normaliseCardNumber(sale.number))
        .execute();
    }
  }
  return charges;
}

/** What a return or cancel did to gift cards, as its receipt shows it. */
export interface ReturnedGiftCards {
  giftCardRefunds: { maskedNumber: string; amountMinor: number; balanceMinor: number }[];
  giftCardsVoided: VoidedGiftCard[];
}

/**
 * A return's or cancel's gift cards, inside its transaction: voids the cards the purchase sold
 * that come back (`voidCardsSoldBy`, refusing with `gift_card_in_use`), then sends the refund back
 * to the cards the purchase was paid with, as far as they paid; the rest of the refund is the
 * till's to pay in money.
 */
export async function settleReturnedGiftCards(
  trx: Db,
  input: { purchaseId: string; scope: VoidScope; refundMinor: number; now: Date },
): Promise<ReturnedGiftCards> {
  // Last of the return's locks, as in a commit (after the points account, budgets and coupons):
  // the sold cards and the paying ones together by number, as a commit spending both takes them.
  await lockGiftCards(trx, [
    ...(await soldCardNumbers(trx, input)),
    ...(input.refundMinor > 0 ? await chargedCardNumbers(trx, input.purchaseId) : []),
  ]);
  const giftCardsVoided = await voidCardsSoldBy(trx, input);
  const giftCardRefunds = await refundToGiftCards(trx, input);
  return { giftCardRefunds, giftCardsVoided };
}

/** The refund back to the cards the purchase was paid with; answers what went to each card. */
async function refundToGiftCards(
  trx: Db,
  input: { purchaseId: string; refundMinor: number; now: Date },
): Promise<{ maskedNumber: string; amountMinor: number; balanceMinor: number }[]> {
  if (input.refundMinor === 0) return [];
  const first = await refundGiftCard(trx, {
    purchaseId: input.purchaseId,
    amountMinor: input.refundMinor,
    now: input.now,
  });
  if (first.ok) return first.refunds;
  if (first.refundableMinor === 0) return [];
  const rest = await refundGiftCard(trx, {
    purchaseId: input.purchaseId,
    amountMinor: first.refundableMinor,
    now: input.now,
  });
  return rest.ok ? rest.refunds : [];
}
