import type { Db } from '../store/database.ts';
import { hasValidCheck, normaliseCode } from './code-format.ts';
import { type CouponCheck, checkCoupon } from './coupon-check.ts';
import { loadCouponFacts } from './coupon-facts.ts';
import { type FailedLookupLimiter, lookupKeys } from './failure-limiter.ts';

export interface ResolveCouponsInput {
  /** Codes as typed at the till; normalised here, duplicates answered once. */
  codes: readonly string[];
  customerId: string | null;
  storeId: string;
  /** The purchase's business instant. */
  now: Date;
  /** The caller's API key id, for the failed-lookup limit. */
  apiKeyId: string | null;
}

export type ResolveCouponsResult =
  | { ok: true; coupons: CouponCheck[] }
  | { ok: false; code: 'too_many_failed_lookups'; retryAfterSeconds: number };

/**
 * Checks entered codes for `calculate`, read-only, in one query: each comes back valid for its
 * promotion or refused with `unknown` (no such code, or a typo caught by the check character
 * without a lookup), `not_started`, `expired`, `wrong_store`, `other_customer`,
 * `customer_required` or `used`. Whether the promotion's own conditions are met is the engine's
 * explanation. Unknown codes count as failures against the API key and the customer; when
 * either has failed too often the call is refused whole with `too_many_failed_lookups` (HTTP 429,
 * `retryAfterSeconds`), whatever the codes are.
 */
export async function resolveCoupons(
  db: Db,
  input: ResolveCouponsInput,
  limiter: FailedLookupLimiter,
): Promise<ResolveCouponsResult> {
  const codes = [...new Set(input.codes.map(normaliseCode))];
  if (codes.length === 0) return { ok: true, coupons: [] };
  const keys = lookupKeys(input.apiKeyId, input.customerId);
  // The limit and the codes are read together: the lookup only reads, and a refused caller never
  // sees its answer, so an honest till waits for one round trip rather than two.
  const [retryAfterSeconds, facts] = await Promise.all([
    limiter.retryAfterSeconds(keys),
    loadCouponFacts(db, codes.filter(hasValidCheck), input.customerId),
  ]);
  if (retryAfterSeconds > 0)
    return { ok: false, code: 'too_many_failed_lookups', retryAfterSeconds };
  const situation = {
    customerId: input.customerId,
    storeId: input.storeId,
    now: input.now.getTime(),
  };
  const coupons = codes.map((code): CouponCheck => {
    const found = facts.get(code);
    return found ? checkCoupon(found, situation) : { code, valid: false, reason: 'unknown' };
  });
  const failures = codes.length - facts.size;
  if (failures > 0) await limiter.recordFailures(keys, failures);
  return { ok: true, coupons };
}
