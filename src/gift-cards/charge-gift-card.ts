import type { Kysely } from 'kysely';
import type { FailedLookupLimiter } from '../coupons/failure-limiter.ts';
import type { Database } from '../store/schema.ts';
import { maskCardNumber } from './card-number.ts';
import { type CardRefusal, openCard } from './open-card.ts';

export interface ChargeGiftCardInput {
  number: string;
  pin: string;
  /** The part of the check paid by this card, in kopecks (> 0). */
  amountMinor: number;
  purchaseId: string;
  /** The purchase's business instant (expiry is checked against it). */
  now: Date;
  /** The till's API key id, for the wrong-PIN limit. */
  apiKeyId: string | null;
}

export type ChargeGiftCardResult =
  | { ok: true; maskedNumber: string; chargedMinor: number; balanceMinor: number }
  | {
      ok: false;
      reason: CardRefusal | 'inactive' | 'voided' | 'expired' | 'insufficient';
      /** With `insufficient`: what the card can pay, so the till can charge that much instead. */
      balanceMinor?: number;
    };

/**
 * Pays part of a purchase from a gift card, inside the commit transaction: the card row is locked,
 * so two tills spending one card queue and neither can overdraw it (the balance also has a
 * `>= 0` check in the database). A caller charging several cards locks them all by number first
 * (`lockGiftCards`). Refusals: `unknown`, `wrong_pin`, `too_many_attempts`,
 * `inactive` (not yet sold), `voided` (its sale was cancelled), `expired`, `insufficient` (with the balance). A refusal writes
 * nothing; the caller refuses the commit or asks for another payment.
 */
export async function chargeGiftCard(
  trx: Kysely<Database>,
  input: ChargeGiftCardInput,
  limiter: FailedLookupLimiter,
): Promise<ChargeGiftCardResult> {
  if (!Number.isInteger(input.amountMinor) || input.amountMinor < 1) {
    throw new Error('chargeGiftCard needs a positive whole number of kopecks');
  }
  const opened = await openCard(trx, { ...input, lock: true }, limiter);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  const { card } = opened;
  if (card.status === 'voided') return { ok: false, reason: 'voided' };
  if (card.status !== 'active') return { ok: false, reason: 'inactive' };
  if (card.expires_at && input.now.getTime() >= card.expires_at.getTime()) {
    return { ok: false, reason: 'expired' };
  }
  if (card.balance_minor < input.amountMinor) {
    return { ok: false, reason: 'insufficient', balanceMinor: card.balance_minor };
  }
  const balanceMinor = card.balance_minor - input.amountMinor;
  await moveBalance(trx, card.number, 'charge', input.amountMinor, balanceMinor, input);
  return {
    ok: true,
    maskedNumber: maskCardNumber(card.number),
    chargedMinor: input.amountMinor,
    balanceMinor,
  };
}

export type RefundGiftCardResult =
  | { ok: true; refunds: { maskedNumber: string; amountMinor: number; balanceMinor: number }[] }
  | { ok: false; reason: 'exceeds_charged'; refundableMinor: number };

/**
 * Returns money of a purchase to the gift cards it was paid with, inside the return or cancel
 * transaction: the cards are locked in number order (a caller touching other cards too locks
 * them all first: `chargedCardNumbers`, `lockGiftCards`), and `amountMinor` goes back card by
 * card in the order they were charged, each up to what it paid and has not had back. Refusal:
 * `exceeds_charged` (with what is refundable). A refund reaches an expired card too — the ledger
 * stays whole, and the next `expireGiftCards` run writes it off again, dated at the refund;
 * whether such money is paid out otherwise is the retailer's policy.
 */
export async function refundGiftCard(
  trx: Kysely<Database>,
  input: { purchaseId: string; amountMinor: number; now: Date },
): Promise<RefundGiftCardResult> {
  const numbers = [...(await refundable(trx, input.purchaseId)).keys()].sort();
  if (numbers.length === 0) return { ok: false, reason: 'exceeds_charged', refundableMinor: 0 };
  const cards = await trx
    .selectFrom('gift_cards')
    .select(['number', 'balance_minor'])
    .where('number', 'in', numbers)
    .orderBy('number')
    .forUpdate()
    .execute();
  // Read again under the locks: a racing refund of the same purchase has now committed.
  const open = await refundable(trx, input.purchaseId);
  const total = [...open.values()].reduce((sum, amount) => sum + amount, 0);
  if (input.amountMinor > total) {
    return { ok: false, reason: 'exceeds_charged', refundableMinor: total };
  }
  const balances = new Map(cards.map((c) => [c.number, c.balance_minor]));
  const refunds: { maskedNumber: string; amountMinor: number; balanceMinor: number }[] = [];
  let left = input.amountMinor;
  for (const [number, amount] of open) {
    const part = Math.min(left, amount);
    if (part === 0) continue;
    const balanceMinor = (balances.get(number) ?? 0) + part;
    await moveBalance(trx, number, 'refund', part, balanceMinor, input);
    refunds.push({ maskedNumber: maskCardNumber(number), amountMinor: part, balanceMinor });
    left -= part;
  }
  return { ok: true, refunds };
}

/** The cards a purchase was paid with: those a refund of it may reach. */
export async function chargedCardNumbers(
  trx: Kysely<Database>,
  purchaseId: string,
): Promise<string[]> {
  return [...(await refundable(trx, purchaseId)).keys()];
}

/** Per card, in first-charge order: charged minus refunded for the purchase. */
async function refundable(trx: Kysely<Database>, purchaseId: string): Promise<Map<string, number>> {
  const entries = await trx
    .selectFrom('gift_card_entries')
    .select(['card_number', 'kind', 'amount_minor'])
    .where('purchase_id', '=', purchaseId)
    .where('kind', 'in', ['charge', 'refund'])
    .orderBy('id')
    .execute();
  const open = new Map<string, number>();
  for (const e of entries) {
    const sign = e.kind === 'charge' ? 1 : -1;
    open.set(e.card_number, (open.get(e.card_number) ?? 0) + sign * e.amount_minor);
  }
  return open;
}

async function moveBalance(
  trx: Kysely<Database>,
  number: string,
  kind: 'charge' | 'refund',
  amountMinor: number,
  balanceMinor: number,
  at: { purchaseId: string; now: Date },
): Promise<void> {
  await trx
    .updateTable('gift_cards')
    .set({ balance_minor: balanceMinor })
    .where('number', '=', number)
    .execute();
  await trx
    .insertInto('gift_card_entries')
    .values({
      card_number: number,
      kind,
      amount_minor: amountMinor,
      balance_after_minor: balanceMinor,
      purchase_id: at.purchaseId,
      effective_at: at.now,
    })
    .execute();
}
