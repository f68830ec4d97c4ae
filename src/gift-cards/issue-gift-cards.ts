import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import {
  type BatchOutcome,
  batchKeyIdOf,
  findBatch,
  runBatchOnce,
} from '../store/idempotent-batch.ts';
import type { Database } from '../store/schema.ts';
import { maskCardNumber, newCardNumber, newPin, normaliseCardNumber } from './card-number.ts';
import { hashPin } from './pin-hash.ts';
import { openPins, sealPins } from './sealed-pins.ts';

export interface IssueGiftCardsInput {
  /** The caller's id of this batch: the idempotency key, per API key. */
  batchId: string;
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

/** A batch as kept for a repeat: the cards as answered, their PINs sealed (see sealed-pins.ts). */
interface StoredBatch {
  cards: Omit<IssuedGiftCard, 'pin'>[];
  sealedPins: string;
}

export const MAX_CARDS_PER_CALL = 1000;

/**
 * Issues `count` gift cards with random numbers (Luhn check digit) and PINs (stored hashed), each
 * loaded with `nominalMinor` and an `issue` entry in its ledger. The audit log keeps the masked
 * numbers only. Idempotent per (API key, `batchId`): a repeat of the same request answers the
 * same cards with the same PINs and issues nothing (`replayed: true`); `apiKey`, the caller's
 * plain key, seals the PINs kept for that. Refusals: `count_out_of_range`,
 * `nominal_not_positive`, `expiry_invalid` (400), `batch_conflict` (409).
 */
export async function issueGiftCards(
  db: Db,
  actor: Actor,
  input: IssueGiftCardsInput,
  context: { now: Date; apiKey: string },
): Promise<BatchOutcome<IssuedGiftCard[]>> {
  checkInput(input);
  const { apiKey } = context;
  const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
  const template = {
    nominalMinor: input.nominalMinor,
    status: input.activate ? ('active' as const) : ('issued' as const),
    expiresAt,
  };
  const claim = {
    kind: 'gift_cards' as const,
    actor,
    resourceId: '',
    batchId: input.batchId,
    request: {
      count: input.count,
      nominalMinor: input.nominalMinor,
      expiresAt,
      activate: input.activate ?? false,
    },
  };
  const answer = (batch: StoredBatch) => {
    const pins = openPins(batch.sealedPins, apiKey, input.batchId);
    return batch.cards.map((card, i) => ({ ...card, pin: pins[i] as string }));
  };
  // Checked before hashing: a retry should not pay for a thousand PIN hashes it will not use.
  const earlier = await findBatch<StoredBatch>(db, claim);
  if (earlier) return { result: answer(earlier), replayed: true };
  const cards = await Promise.all(
    Array.from({ length: input.count }, async () => {
      const pin = newPin();
      return { number: newCardNumber(), pin, pinHash: await hashPin(pin) };
    }),
  );
  const outcome = await db.transaction().execute((trx) =>
    runBatchOnce(trx, claim, async (): Promise<StoredBatch> => {
      await insertCards(
        trx,
        actor,
        { ...template, batchId: input.batchId, now: context.now },
        cards,
      );
      return {
        cards: cards.map((card) => ({ number: card.number, ...template })),
        sealedPins: sealPins(
          cards.map((card) => card.pin),
          apiKey,
          input.batchId,
        ),
      };
    }),
  );
  return { result: answer(outcome.result), replayed: outcome.replayed };
}

/** Writes the cards with their `issue` entries and the audit entry (masked numbers only). */
async function insertCards(
  trx: Db,
  actor: Actor,
  batch: Omit<IssuedGiftCard, 'number' | 'pin'> & { batchId: string; now: Date },
  cards: readonly { number: string; pinHash: string }[],
): Promise<void> {
  const { nominalMinor, status, expiresAt, now } = batch;
  await trx
    .insertInto('gift_cards')
    .values(
      cards.map((card) => ({
        number: card.number,
        pin_hash: card.pinHash,
        status,
        nominal_minor: nominalMinor,
        balance_minor: nominalMinor,
        expires_at: expiresAt === null ? null : new Date(expiresAt),
        activated_at: status === 'active' ? now : null,
        batch_id: batch.batchId,
        batch_key_id: batchKeyIdOf(actor),
        created_at: now,
      })),
    )
    .execute();
  await trx
    .insertInto('gift_card_entries')
    .values(
      cards.map((card) => ({
        card_number: card.number,
        kind: 'issue' as const,
        amount_minor: nominalMinor,
        balance_after_minor: nominalMinor,
        effective_at: now,
      })),
    )
    .execute();
  await recordAudit(trx, actor, {
    action: 'gift_card.issue',
    entityType: 'gift_card',
    entityId: `${cards.length} cards`,
    after: {
      batchId: batch.batchId,
      cards: cards.map((card) => maskCardNumber(card.number)),
      nominalMinor,
      status,
      expiresAt,
    },
  });
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
