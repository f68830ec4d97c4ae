import {
  couponLookupRule,
  type FailedLookupLimiter,
  FailureLimiter,
} from '../coupons/failure-limiter.ts';
import { StoredFailureLimiter } from '../coupons/stored-failure-limiter.ts';
import { pinRule } from '../gift-cards/pin-attempts.ts';
import type { Db } from '../store/database.ts';

/** The failed-lookup limiters of one node, composed at start-up. */
export interface LookupLimiters {
  /** Unknown coupon codes, per API key and per customer. */
  couponLookups: FailedLookupLimiter;
  /** Unknown gift cards and wrong PINs, per card and per API key. */
  giftCardPins: FailedLookupLimiter;
}

/** In this process's memory: one node, or an embedded database (which one process holds). */
export function memoryLimiters(): LookupLimiters {
  return {
    couponLookups: new FailureLimiter(couponLookupRule),
    giftCardPins: new FailureLimiter(pinRule),
  };
}

/**
 * In the database, counted across every node on it. `db` is a small pool of the limiters' own
 * (see {@link StoredFailureLimiter}).
 */
export function storedLimiters(db: Db): LookupLimiters {
  return {
    couponLookups: new StoredFailureLimiter(db, { name: 'coupon', ...couponLookupRule }),
    giftCardPins: new StoredFailureLimiter(db, { name: 'pin', ...pinRule }),
  };
}
