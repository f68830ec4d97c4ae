import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { BucketArithmetic, type FailedLookupLimiter, type FailureRule } from './failure-limiter.ts';

export interface StoredFailureLimiterOptions extends FailureRule {
  /** Names this limiter's rows, so limiters sharing the table never share a key. */
  name: string;
  /** Wall clock in milliseconds (every node's, kept in step by NTP). */
  clock?: () => number;
  /** How often at most a node deletes rows of forgiven keys, in ms. */
  sweepEveryMs?: number;
}

/**
 * The failed-lookup limiter kept in the database (`failed_lookup_buckets`, migration 0024), so
 * every node on one PostgreSQL counts against the same limit. A failure is one atomic upsert
 * that answers the key's new state; a check before a lookup is one primary-key read of the
 * caller's keys in a table holding only keys that failed lately, and a key this node has seen
 * refused is refused from memory until its wait is over. Rows of forgiven keys are swept now and
 * then by whichever node records a failure.
 *
 * `db` should be a pool of its own: a commit that holds a connection of the request pool must not
 * wait on that pool to count its failure (under load every connection could be such a commit),
 * and a failure is counted outside the commit's transaction, which a refusal rolls back.
 */
export class StoredFailureLimiter implements FailedLookupLimiter {
  private readonly bucket: BucketArithmetic;
  private readonly clock: () => number;
  /** Keys seen refused, with the instant they are full again: refused without a read. */
  private readonly refused = new Map<string, number>();
  private sweptAt: number;

  constructor(
    private readonly db: Db,
    private readonly options: StoredFailureLimiterOptions,
  ) {
    this.bucket = new BucketArithmetic(options);
    this.clock = options.clock ?? Date.now;
    this.sweptAt = this.clock();
  }

  async retryAfterSeconds(keys: readonly string[]): Promise<number> {
    const now = this.clock();
    const rowKeys = keys.map(this.rowKey);
    const known = this.wait(
      rowKeys.map((key) => [key, this.refused.get(key)]),
      now,
    );
    if (known > 0) return known;
    const rows = await this.db
      .selectFrom('failed_lookup_buckets')
      .select(['key', 'full_at_ms'])
      .where('key', 'in', rowKeys)
      .execute();
    return this.wait(
      rows.map((row) => [row.key, row.full_at_ms]),
      now,
    );
  }

  async recordFailures(keys: readonly string[], count = 1): Promise<number> {
    if (count <= 0) return this.retryAfterSeconds(keys);
    const now = this.clock();
    const { capacity } = this.options;
    const step = Math.min(count, capacity) * this.bucket.intervalMs;
    const ceiling = now + capacity * this.bucket.intervalMs;
    // The same arithmetic as BucketArithmetic.afterFailures, in one statement per call.
    const rows = await this.db
      .insertInto('failed_lookup_buckets')
      .values(keys.map((key) => ({ key: this.rowKey(key), full_at_ms: now + step })))
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          full_at_ms: sql<number>`least(${ceiling}::bigint, greatest(failed_lookup_buckets.full_at_ms, ${now}::bigint) + ${count * this.bucket.intervalMs}::bigint)`,
        }),
      )
      .returning(['key', 'full_at_ms'])
      .execute();
    await this.sweep(now);
    return this.wait(
      rows.map((row) => [row.key, row.full_at_ms]),
      now,
    );
  }

  private rowKey = (key: string): string => `${this.options.name}|${key}`;

  /** The longest wait among `states`, remembering (or forgetting) each key's refusal. */
  private wait(states: readonly (readonly [string, number | undefined])[], now: number): number {
    let longest = 0;
    for (const [key, fullAt] of states) {
      const seconds = this.bucket.waitSeconds(fullAt, now);
      if (seconds > 0 && fullAt !== undefined) this.remember(key, fullAt, now);
      else this.refused.delete(key);
      longest = Math.max(longest, seconds);
    }
    return longest;
  }

  /** Remembers a refused key; past 10 000 of them, those whose wait is over are let go. */
  private remember(key: string, fullAt: number, now: number): void {
    if (this.refused.size >= 10_000) {
      for (const [known, at] of this.refused) {
        if (this.bucket.waitSeconds(at, now) === 0) this.refused.delete(known);
      }
    }
    this.refused.set(key, fullAt);
  }

  private async sweep(now: number): Promise<void> {
    if (now - this.sweptAt < (this.options.sweepEveryMs ?? 600_000)) return;
    this.sweptAt = now;
    await this.db
      .deleteFrom('failed_lookup_buckets')
      .where('key', 'like', `${this.options.name}|%`)
      .where('full_at_ms', '<=', now)
      .execute();
  }
}
