import type { Db } from '../store/database.ts';

export interface GiftCardExpiryRun {
  /** Cards whose balance this run wrote off. */
  cards: number;
  /** The money written off, in kopecks. */
  writtenOffMinor: number;
}

/**
 * Writes off the balance of every active gift card expired at `now` (`expires_at <= now`, as a
 * charge sees it), `batchSize` cards per transaction: an `expire` entry of the whole balance,
 * balance_after 0, and the balance set to 0. The card keeps its status; expiry stays read from
 * `expires_at`. The entry is dated when the money lapsed, not when this ran: at `expires_at`, or at
 * the card's last entry when that is later — money refunded to an already expired card (a
 * refund still reaches it, see `refundGiftCard`) lapses the moment it lands and is written off by
 * the next run, so a report by date never sees a balance below zero.
 *
 * Safe on several nodes at once and idempotent: each batch locks its cards `FOR UPDATE SKIP
 * LOCKED` and writes off the balance read under that lock, so a card is written off by one run
 * only; a card a till holds is left for the next run. Answers what this run wrote off.
 */
export async function expireGiftCards(
  db: Db,
  now: Date,
  options: { batchSize?: number } = {},
): Promise<GiftCardExpiryRun> {
  const batchSize = options.batchSize ?? 1_000;
  const total: GiftCardExpiryRun = { cards: 0, writtenOffMinor: 0 };
  for (;;) {
    const batch = await db.transaction().execute((trx) => expireBatch(trx, now, batchSize));
    total.cards += batch.cards;
    total.writtenOffMinor += batch.writtenOffMinor;
    // No cursor needed: a written-off card no longer matches, so a short batch means done.
    if (batch.cards < batchSize) return total;
  }
}

async function expireBatch(trx: Db, now: Date, batchSize: number): Promise<GiftCardExpiryRun> {
  const cards = await trx
    .selectFrom('gift_cards')
    .select(['number', 'balance_minor', 'expires_at'])
    .where('status', '=', 'active')
    .where('balance_minor', '>', 0)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .orderBy('number')
    .limit(batchSize)
    .forUpdate()
    .skipLocked()
    .$narrowType<{ expires_at: Date }>()
    .execute();
  if (cards.length === 0) return { cards: 0, writtenOffMinor: 0 };
  const numbers = cards.map((card) => card.number);
  const lastEntries = await trx
    .selectFrom('gift_card_entries')
    .select((eb) => ['card_number', eb.fn.max('effective_at').as('last_at')])
    .where('card_number', 'in', numbers)
    .groupBy('card_number')
    .execute();
  const lastAt = new Map(lastEntries.map((row) => [row.card_number, new Date(row.last_at)]));
  await trx
    .updateTable('gift_cards')
    .set({ balance_minor: 0 })
    .where('number', 'in', numbers)
    .execute();
  await trx
    .insertInto('gift_card_entries')
    .values(
      cards.map((card) => ({
        card_number: card.number,
        kind: 'expire' as const,
        amount_minor: card.balance_minor,
        balance_after_minor: 0,
        effective_at: lapsedAt(card.expires_at, lastAt.get(card.number)),
      })),
    )
    .execute();
  return {
    cards: cards.length,
    writtenOffMinor: cards.reduce((sum, card) => sum + card.balance_minor, 0),
  };
}

function lapsedAt(expiresAt: Date, lastEntryAt: Date | undefined): Date {
  return lastEntryAt && lastEntryAt > expiresAt ? lastEntryAt : expiresAt;
}
