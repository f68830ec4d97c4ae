/** How many failed lookups a key may make: a burst, then a steady rate. */
export interface FailureRule {
  /** Failures allowed in a burst before refusing. */
  capacity: number;
  /** Failures forgiven per minute once the burst is spent. */
  refillPerMinute: number;
}

/**
 * Counts failed lookups only (unknown coupon codes, unknown gift cards, wrong PINs) per key (an
 * API key, a customer, a gift-card number): each failure takes a token, tokens come back at a
 * steady rate, and a key with no token left is refused until one returns. Successful lookups
 * cost nothing, so an honest till is never slowed. Two implementations: {@link FailureLimiter}
 * in this process's memory (one node), and the database's (`StoredFailureLimiter`), shared by
 * every node on one PostgreSQL.
 */
export interface FailedLookupLimiter {
  /** Seconds until the most exhausted of `keys` may try again, or 0 when none is blocked. */
  retryAfterSeconds(keys: readonly string[]): Promise<number>;
  /** Takes `count` tokens from each key (never below zero); answers as `retryAfterSeconds`. */
  recordFailures(keys: readonly string[], count?: number): Promise<number>;
}

/**
 * The bucket as one instant per key (a generic cell rate algorithm): `fullAt`, when the bucket is
 * full again. A failure moves it on by one interval (from now, if it had passed), never further
 * than a whole burst ahead; a key is refused while it is more than `capacity − 1` intervals ahead.
 * Whole milliseconds, so the memory and the database versions count alike, exactly.
 */
export class BucketArithmetic {
  /** Milliseconds one failure takes to be forgiven (rounded up to a whole millisecond). */
  readonly intervalMs: number;

  constructor(readonly rule: FailureRule) {
    this.intervalMs = Math.ceil(60_000 / rule.refillPerMinute);
  }

  /** The key's `fullAt` after `count` more failures at `now`. */
  afterFailures(fullAt: number | undefined, now: number, count: number): number {
    const from = Math.max(fullAt ?? now, now);
    return Math.min(now + this.rule.capacity * this.intervalMs, from + count * this.intervalMs);
  }

  /** Whole seconds until the key may try again (0: it may now). */
  waitSeconds(fullAt: number | undefined, now: number): number {
    if (fullAt === undefined) return 0;
    const early = fullAt - now - (this.rule.capacity - 1) * this.intervalMs;
    return early > 0 ? Math.ceil(early / 1000) : 0;
  }
}

export interface FailureLimiterOptions extends FailureRule {
  /** Wall clock in milliseconds; business time of an offline check must not refill buckets. */
  clock?: () => number;
  /** Buckets kept before full (forgiven) ones are dropped, bounding memory. */
  maxKeys?: number;
}

/**
 * The limiter in this process's memory: exact for one node (and an embedded database, which one
 * process holds); with several nodes each would count on its own, `capacity × nodes` in all.
 */
export class FailureLimiter implements FailedLookupLimiter {
  private readonly fullAt = new Map<string, number>();
  private readonly clock: () => number;
  private readonly bucket: BucketArithmetic;

  constructor(private readonly options: FailureLimiterOptions) {
    this.clock = options.clock ?? Date.now;
    this.bucket = new BucketArithmetic(options);
  }

  async retryAfterSeconds(keys: readonly string[]): Promise<number> {
    const now = this.clock();
    return Math.max(0, ...keys.map((key) => this.bucket.waitSeconds(this.fullAt.get(key), now)));
  }

  async recordFailures(keys: readonly string[], count = 1): Promise<number> {
    const now = this.clock();
    if (count > 0) {
      if (this.fullAt.size >= (this.options.maxKeys ?? 100_000)) this.dropForgiven(now);
      for (const key of keys) {
        this.fullAt.set(key, this.bucket.afterFailures(this.fullAt.get(key), now, count));
      }
    }
    return this.retryAfterSeconds(keys);
  }

  private dropForgiven(now: number): void {
    for (const [key, fullAt] of this.fullAt) if (fullAt <= now) this.fullAt.delete(key);
  }
}

/** Failed coupon lookups: 20 in a burst, then 10 a minute, per API key and per customer. */
export const couponLookupRule: FailureRule = { capacity: 20, refillPerMinute: 10 };

/** Limiter keys of one caller: its API key and, when known, its customer. */
export function lookupKeys(apiKeyId: string | null, customerId: string | null): string[] {
  const keys = [`key:${apiKeyId ?? 'command-line'}`];
  if (customerId) keys.push(`customer:${customerId}`);
  return keys;
}
