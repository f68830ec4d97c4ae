import type { FailedLookupLimiter } from '../coupons/failure-limiter.ts';
import { notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { GiftCardEntryKind, GiftCardStatus } from '../store/schema.ts';
import { maskCardNumber, normaliseCardNumber } from './card-number.ts';
import { type CardRefusal, openCard } from './open-card.ts';

export interface GiftCardView {
  maskedNumber: string;
  status: GiftCardStatus;
  nominalMinor: number;
  balanceMinor: number;
  expiresAt: string | null;
  /** Expired at `now`: the balance can no longer pay. */
  expired: boolean;
}

export type GiftCardBalanceResult =
  | { ok: true; card: GiftCardView }
  | { ok: false; reason: CardRefusal; retryAfterSeconds: number };

/**
 * A card's balance for the customer or the till, given its number and PIN. Refusals: `unknown`,
 * `wrong_pin` (the route answers both alike, so a guesser cannot tell which numbers exist) and
 * `too_many_attempts` with the seconds to wait.
 */
export async function giftCardBalance(
  db: Db,
  input: { number: string; pin: string; apiKeyId: string | null; now: Date },
  limiter: FailedLookupLimiter,
): Promise<GiftCardBalanceResult> {
  const opened = await openCard(db, { ...input, lock: false }, limiter);
  if (!opened.ok) return opened;
  return { ok: true, card: giftCardView(opened.card, input.now) };
}

export interface GiftCardEntryView {
  kind: GiftCardEntryKind;
  amountMinor: number;
  balanceAfterMinor: number;
  purchaseId: string | null;
  effectiveAt: string;
}

/** A card and its whole ledger, for an administrator; 404 `gift_card_not_found`. */
export async function giftCardStatement(
  db: Db,
  typedNumber: string,
  now: Date,
): Promise<{ card: GiftCardView; entries: GiftCardEntryView[] }> {
  const number = normaliseCardNumber(typedNumber);
  const card = await db
    .selectFrom('gift_cards')
    .selectAll()
    .where('number', '=', number)
    .executeTakeFirst();
  if (!card) {
    throw notFound('gift_card_not_found', `No gift card ${maskCardNumber(number)}`, '/number');
  }
  const entries = await db
    .selectFrom('gift_card_entries')
    .selectAll()
    .where('card_number', '=', number)
    .orderBy('id')
    .execute();
  return {
    card: giftCardView(card, now),
    entries: entries.map((e) => ({
      kind: e.kind,
      amountMinor: e.amount_minor,
      balanceAfterMinor: e.balance_after_minor,
      purchaseId: e.purchase_id,
      effectiveAt: e.effective_at.toISOString(),
    })),
  };
}

/** A card as the API shows it: masked number, balance, and whether it has expired at `now`. */
export function giftCardView(
  card: {
    number: string;
    status: GiftCardStatus;
    nominal_minor: number;
    balance_minor: number;
    expires_at: Date | null;
  },
  now: Date,
): GiftCardView {
  return {
    maskedNumber: maskCardNumber(card.number),
    status: card.status,
    nominalMinor: card.nominal_minor,
    balanceMinor: card.balance_minor,
    expiresAt: card.expires_at?.toISOString() ?? null,
    expired: card.expires_at !== null && now.getTime() >= card.expires_at.getTime(),
  };
}
