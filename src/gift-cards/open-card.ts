import type { Kysely } from 'kysely';
import type { FailedLookupLimiter } from '../coupons/failure-limiter.ts';
import type { Database } from '../store/schema.ts';
import { isWellFormedCardNumber, normaliseCardNumber } from './card-number.ts';
import { cardKeys } from './pin-attempts.ts';
import { verifyPin } from './pin-hash.ts';

export type CardRefusal = 'unknown' | 'wrong_pin' | 'too_many_attempts';

/**
 * Finds a card by number and PIN, optionally locking its row. A malformed number (Luhn) is
 * `unknown` without a lookup; unknown numbers and wrong PINs count against the card and the API
 * key, and a card or key with too many is refused before its PIN is even checked.
 */
export async function openCard(
  db: Kysely<Database>,
  input: { number: string; pin: string; apiKeyId: string | null; lock: boolean },
  limiter: FailedLookupLimiter,
) {
  const number = normaliseCardNumber(input.number);
  const keys = cardKeys(number, input.apiKeyId);
  const wait = await limiter.retryAfterSeconds(keys);
  if (wait > 0) return refused('too_many_attempts', wait);
  if (!isWellFormedCardNumber(number)) return failed('unknown', keys, limiter);
  let query = db.selectFrom('gift_cards').selectAll().where('number', '=', number);
  if (input.lock) query = query.forUpdate();
  const card = await query.executeTakeFirst();
  if (!card) return failed('unknown', keys, limiter);
  if (!(await verifyPin(input.pin, card.pin_hash))) return failed('wrong_pin', keys, limiter);
  return { ok: true as const, card };
}

async function failed(reason: CardRefusal, keys: string[], limiter: FailedLookupLimiter) {
  return refused(reason, await limiter.recordFailures(keys));
}

function refused(reason: CardRefusal, retryAfterSeconds: number) {
  return { ok: false as const, reason, retryAfterSeconds };
}
