import { randomBytes } from 'node:crypto';
import type { EpochMs } from '../calendar/day-number.ts';
import { notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';

// No 0/O or 1/I/L: codes are read aloud and typed from paper.
const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const codeLength = 10; // 31^10 ≈ 8·10^14: guessing one is hopeless

function newCode(): string {
  const bytes = randomBytes(codeLength * 2);
  let code = '';
  // Rejection sampling keeps every letter equally likely (256 is not a multiple of 31).
  for (const byte of bytes) {
    if (byte >= 248) continue;
    code += alphabet[byte % alphabet.length];
    if (code.length === codeLength) return code;
  }
  return code.length === codeLength ? code : newCode();
}

/**
 * The customer's referral code, made on first request and the same ever after (two concurrent
 * first requests agree on one). Refusal: `customer_not_found` (404).
 */
export async function referralCodeFor(db: Db, customerId: string): Promise<string> {
  const customer = await db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', customerId)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
  if (!customer) throw notFound('customer_not_found', `No customer "${customerId}"`, '/id');
  for (;;) {
    await db
      .insertInto('referral_codes')
      .values({ customer_id: customerId, code: newCode() })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = await db
      .selectFrom('referral_codes')
      .select('code')
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    // Absent only when the drawn code collided with another customer's: draw again.
    if (row) return row.code;
  }
}

/** Who referred the customer, if anyone. */
export async function referrerOf(db: Db, friendId: string): Promise<string | null> {
  const row = await db
    .selectFrom('referrals')
    .select('referrer_id')
    .where('friend_id', '=', friendId)
    .executeTakeFirst();
  return row?.referrer_id ?? null;
}

/** What became of a referral code given at registration. */
export type ReferralOutcome =
  | { status: 'accepted'; referrerId: string }
  | { status: 'unknown_code' | 'self_referral' | 'referral_loop' | 'already_referred' };

export const referralStatuses = [
  'accepted',
  'unknown_code',
  'self_referral',
  'referral_loop',
  'already_referred',
] as const satisfies readonly ReferralOutcome['status'][];

/** What each outcome means, for the registration answer. */
export const referralMessages: Record<ReferralOutcome['status'], { ru: string; en: string }> = {
  accepted: {
    ru: 'Код друга принят: награда придёт по правилам акции «Приведи друга»',
    en: "The friend's code is accepted: the reward follows the referral campaign's rules",
  },
  unknown_code: { ru: 'Такого кода приглашения нет', en: 'No such referral code' },
  self_referral: {
    ru: 'Нельзя пригласить самого себя',
    en: 'A customer cannot refer themselves',
  },
  referral_loop: {
    ru: 'Владельца кода пригласил этот же покупатель (напрямую или через других)',
    en: "The code's owner was referred by this customer, directly or through others",
  },
  already_referred: {
    ru: 'У покупателя уже есть пригласивший',
    en: 'The customer already has a referrer',
  },
};

/**
 * Records that `friendId` registered with `code`. Refused as data, never failing the
 * registration: `unknown_code`, `self_referral`, `already_referred` (a customer has one
 * referrer, the first), `referral_loop` (the referrer was brought, directly or through others,
 * by the friend: A→B→A). A retry with the same code answers `accepted` again.
 */
export async function recordReferral(
  trx: Db,
  input: { friendId: string; code: string; now: EpochMs },
): Promise<ReferralOutcome> {
  const owner = await trx
    .selectFrom('referral_codes')
    .select('customer_id')
    .where('code', '=', input.code.trim().toUpperCase())
    .executeTakeFirst();
  if (!owner) return { status: 'unknown_code' };
  const referrerId = owner.customer_id;
  if (referrerId === input.friendId) return { status: 'self_referral' };
  if (await inChainAbove(trx, referrerId, input.friendId)) return { status: 'referral_loop' };
  const inserted = await trx
    .insertInto('referrals')
    .values({ friend_id: input.friendId, referrer_id: referrerId, created_at: new Date(input.now) })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (inserted.numInsertedOrUpdatedRows === 0n) {
    const first = await referrerOf(trx, input.friendId);
    return first === referrerId
      ? { status: 'accepted', referrerId }
      : { status: 'already_referred' };
  }
  return { status: 'accepted', referrerId };
}

// Walks up the referrer chain from `start`; a chain is acyclic by construction, and the visited
// set guards against one written before this rule existed.
async function inChainAbove(trx: Db, start: string, wanted: string): Promise<boolean> {
  const seen = new Set<string>();
  let current: string | null = start;
  while (current !== null && !seen.has(current)) {
    if (current === wanted) return true;
    seen.add(current);
    current = await referrerOf(trx, current);
  }
  return false;
}
