export interface FailureLimiterOptions {
  /** Failures allowed in a burst before refusing. */
  capacity: number;
  /** Failures forgiven per minute once the burst is spent. */
  refillPerMinute: number;
  /** Wall clock in milliseconds; business time of an offline check must not refill buckets. */
  clock?: () => number;
  /** Buckets kept before full (forgiven) ones are dropped, bounding memory. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key (an API key id, a customer, a gift-card number) that counts failed
 * lookups only: each failure takes a token, tokens come back at a steady rate, and a key with no
 * token left is refused until one returns. Successful lookups cost nothing, so an honest till is
 * never slowed. The buckets live in this process's memory: with several nodes behind a balancer
 * each node counts on its own, so the effective limit is `capacity × nodes`.
 */
export class FailureLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: () => number;
  private readonly perMilli: number;

  constructor(private readonly options: FailureLimiterOptions) {
    this.clock = options.clock ?? Date.now;
    this.perMilli = options.refillPerMinute / 60_000;
  }

  /** Seconds until the most exhausted of `keys` may try again, or 0 when none is blocked. */
  retryAfterSeconds(keys: readonly string[]): number {
    const now = this.clock();
    let wait = 0;
    for (const key of keys) {
      const tokens = this.tokens(key, now);
      if (tokens < 1) wait = Math.max(wait, Math.ceil((1 - tokens) / this.perMilli / 1000));
    }
    return wait;
  }

  /** Takes `count` tokens from each key (never below zero). */
  recordFailures(keys: readonly string[], count = 1): void {
    if (count <= 0) return;
    const now = this.clock();
    if (this.buckets.size >= (this.options.maxKeys ?? 100_000)) this.dropForgiven(now);
    for (const key of keys) {
      this.buckets.set(key, { tokens: Math.max(0, this.tokens(key, now) - count), at: now });
    }
  }

  private tokens(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.options.capacity;
    const refilled = bucket.tokens + (now - bucket.at) * this.perMilli;
    return Math.min(this.options.capacity, refilled);
  }

  private dropForgiven(now: number): void {
    for (const key of this.buckets.keys()) {
      if (this.tokens(key, now) >= this.options.capacity) this.buckets.delete(key);
    }
  }
}

/** Failed coupon lookups: 20 in a burst, then 10 a minute, per API key and per customer. */
export const couponLookupLimiter = new FailureLimiter({ capacity: 20, refillPerMinute: 10 });

/** Limiter keys of one caller: its API key and, when known, its customer. */
export function lookupKeys(apiKeyId: string | null, customerId: string | null): string[] {
  const keys = [`key:${apiKeyId ?? 'command-line'}`];
  if (customerId) keys.push(`customer:${customerId}`);
  return keys;
}
