import type { Db } from '../store/database.ts';
import { type GiftCardView, giftCardView } from './gift-card-balance.ts';

/** A card the customer bought or paid with, as they stand now, and what the customer did with it. */
export interface CustomerGiftCardView extends GiftCardView {
  /** The purchase that sold the card to the customer, if they bought it. */
  bought: { purchaseId: string; transactionId: string; at: string } | null;
  /** Charged minus refunded in the customer's purchases, kopecks. */
  spentMinor: number;
  /** Business time of the customer's last purchase paid with it. */
  lastUsedAt: string | null;
}

/** Enough for a person's cards; a customer with more sees the newest. */
export const maxCustomerGiftCards = 100;

/**
 * The gift cards a customer bought in a purchase or paid with, newest first (by the later of
 * sale and last use). Cards carry no owner: the customer's purchases are the only link, so a
 * card given away and spent by someone else shows only the sale here.
 */
export async function listCustomerGiftCards(
  db: Db,
  customerId: string,
  now: Date,
): Promise<CustomerGiftCardView[]> {
  const sold = await db
    .selectFrom('gift_cards as g')
    .innerJoin('purchases as p', 'p.id', 'g.selling_purchase_id')
    .select(['g.number', 'p.id as purchase_id', 'p.transaction_id', 'p.business_at'])
    .where('p.customer_id', '=', customerId)
    .execute();
  const used = await db
    .selectFrom('gift_card_entries as e')
    .innerJoin('purchases as p', 'p.id', 'e.purchase_id')
    .select(['e.card_number', 'e.kind', 'e.amount_minor', 'p.business_at'])
    .where('p.customer_id', '=', customerId)
    .where('e.kind', 'in', ['charge', 'refund'])
    .orderBy('e.id')
    .execute();
  const usage = new Map<string, { spentMinor: number; lastUsedAt: Date | null }>();
  for (const entry of used) {
    const card = usage.get(entry.card_number) ?? { spentMinor: 0, lastUsedAt: null };
    const charge = entry.kind === 'charge';
    card.spentMinor += charge ? entry.amount_minor : -entry.amount_minor;
    const at = new Date(entry.business_at);
    if (charge && (card.lastUsedAt === null || at > card.lastUsedAt)) card.lastUsedAt = at;
    usage.set(entry.card_number, card);
  }
  const sales = new Map(sold.map((row) => [row.number, row]));
  const numbers = [...new Set([...sales.keys(), ...usage.keys()])];
  if (numbers.length === 0) return [];
  const cards = await db
    .selectFrom('gift_cards')
    .select(['number', 'status', 'nominal_minor', 'balance_minor', 'expires_at'])
    .where('number', 'in', numbers)
    .execute();
  const views = cards.map((card) => {
    const sale = sales.get(card.number);
    const use = usage.get(card.number);
    const view: CustomerGiftCardView = {
      ...giftCardView(card, now),
      bought: sale
        ? {
            purchaseId: sale.purchase_id,
            transactionId: sale.transaction_id,
            at: new Date(sale.business_at).toISOString(),
          }
        : null,
      spentMinor: use?.spentMinor ?? 0,
      lastUsedAt: use?.lastUsedAt?.toISOString() ?? null,
    };
    const soldAt = sale ? new Date(sale.business_at).getTime() : 0;
    return { view, latest: Math.max(soldAt, use?.lastUsedAt?.getTime() ?? 0), number: card.number };
  });
  views.sort((a, b) => b.latest - a.latest || (a.number < b.number ? -1 : 1));
  return views.slice(0, maxCustomerGiftCards).map((entry) => entry.view);
}
