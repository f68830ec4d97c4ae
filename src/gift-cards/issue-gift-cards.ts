import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import { maskCardNumber, newCardNumber, newPin, normaliseCardNumber } from './card-number.ts';
import { hashPin } from './pin-hash.ts';

export interface IssueGiftCardsInput {
  count: number;
  /** The money the card carries, in kopecks. */
  nominalMinor: number;
  /** Exclusive instant after which the balance cannot be spent; absent = no expiry. */
  expiresAt?: string;
  /** Active at once (given away); otherwise `issued` until the purchase selling it commits. */
  activate?: boolean;
}

/** A new card: the only answer that ever carries the full number with its PIN. */
export interface IssuedGiftCard {
  number: string;
  pin: string;
  nominalMinor: number;
  status: 'issued' | 'active';
  expiresAt: string | null;
}

export const MAX_CARDS_PER_CALL = 1000;

/**
 * Issues `count` gift cards with random numbers (Luhn check digit) and PINs (stored hashed), each
 * loaded with `nominalMinor` and an `issue` entry in its ledger. The audit log keeps the masked
 * numbers only. Refusals: `count_out_of_range`, `nominal_not_positive`, `expiry_invalid` (400).
 */
export async function issueGiftCards(
  db: Db,
  actor: Actor,
  input: IssueGiftCardsInput,
  now: Date,
): Promise<IssuedGiftCard[]> {
  checkInput(input);
  const status = input.activate ? 'active' : 'issued';
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  const cards = await Promise.all(
    Array.from({ length: input.count }, async () => {
      const pin = newPin();
      return { number: newCardNumber(), pin, pinHash: await hashPin(pin) };
    }),
  );
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('gift_cards')
      .values(
        cards.map((card) => ({
          number: card.number,
          pin_hash: card.pinHash,
          status,
          nominal_minor: input.nominalMinor,
          balance_minor: input.nominalMinor,
          expires_at: expiresAt,
          activated_at: input.activate ? now : null,
        })),
      )
      .execute();
    await trx
      .insertInto('gift_card_entries')
      .values(
        cards.map((card) => ({
          card_number: card.number,
          kind: 'issue' as const,
          amount_minor: input.nominalMinor,
          balance_after_minor: input.nominalMinor,
          effective_at: now,
        })),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'gift_card.issue',
      entityType: 'gift_card',
      entityId: `${input.count} cards`,
      after: {
        cards: cards.map((card) => maskCardNumber(card.number)),
        nominalMinor: input.nominalMinor,
        status,
        expiresAt: input.expiresAt,
      },
    });
  });
  return cards.map((card) => ({
    number: card.number,
    pin: card.pin,
    nominalMinor: input.nominalMinor,
    status,
    expiresAt: expiresAt?.toISOString() ?? null,
  }));
}

function checkInput(input: IssueGiftCardsInput): void {
  const problems = new ProblemCollector();
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_CARDS_PER_CALL) {
    problems.add('/count', 'count_out_of_range', `Issue 1 to ${MAX_CARDS_PER_CALL} cards`);
  }
  if (!Number.isInteger(input.nominalMinor) || input.nominalMinor < 1) {
    problems.add('/nominalMinor', 'nominal_not_positive', 'A card carries at least 1 kopeck');
  }
  if (input.expiresAt !== undefined && Number.isNaN(Date.parse(input.expiresAt))) {
    problems.add('/expiresAt', 'expiry_invalid', 'expiresAt is not an instant');
  }
  problems.throwIfAny();
}

export type ActivateResult = { ok: true } | { ok: false; reason: 'unknown' | 'already_active' };

/**
 * Activates an issued card: inside the commit transaction of the purchase that sold it (with its
 * `purchaseId`), or by an administrator (`purchaseId: null`). Refusals: `unknown`,
 * `already_active` — a card is sold once.
 */
export async function activateGiftCard(
  trx: Kysely<Database>,
  input: { number: string; purchaseId: string | null; now: Date },
): Promise<ActivateResult> {
  const number = normaliseCardNumber(input.number);
  const card = await trx
    .updateTable('gift_cards')
    .set({ status: 'active', activated_at: input.now, selling_purchase_id: input.purchaseId })
    .where('number', '=', number)
    .where('status', '=', 'issued')
    .returning(['balance_minor'])
    .executeTakeFirst();
  if (!card) {
    const exists = await trx
      .selectFrom('gift_cards')
      .select('number')
      .where('number', '=', number)
      .executeTakeFirst();
    return { ok: false, reason: exists ? 'already_active' : 'unknown' };
  }
  await trx
    .insertInto('gift_card_entries')
    .values({
      card_number: number,
      kind: 'activation',
      amount_minor: 0,
      balance_after_minor: card.balance_minor,
      purchase_id: input.purchaseId,
      effective_at: input.now,
    })
    .execute();
  return { ok: true };
}
