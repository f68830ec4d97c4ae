import { sql } from 'kysely';
import type { Db } from '../store/database.ts';

const minuteMs = 60_000;

interface Bucket {
  keyId: string;
  minute: number;
  calls: number;
  failures: number;
}

/**
 * Counts the answers given to each API key per minute in memory, so a call costs no write; each
 * node adds its counts to `api_call_counts` on `flush` (every few seconds, and at close). The
 * integration-failures alert reads the sums.
 */
export class CallCounter {
  // By key, then by minute: no key string is built per call, and a bucket once made is only
  // incremented (a call costs well under a microsecond).
  private buckets = new Map<string, Map<number, Bucket>>();

  /** One answer to `keyId` at `atMs` (epoch ms): a failure when its status is 400 or above. */
  record(keyId: string, status: number, atMs: number): void {
    const minute = atMs - (atMs % minuteMs);
    const bucket = this.bucket(keyId, minute);
    bucket.calls += 1;
    if (status >= 400) bucket.failures += 1;
  }

  private bucket(keyId: string, minute: number): Bucket {
    let byMinute = this.buckets.get(keyId);
    if (!byMinute) {
      byMinute = new Map();
      this.buckets.set(keyId, byMinute);
    }
    let bucket = byMinute.get(minute);
    if (!bucket) {
      bucket = { keyId, minute, calls: 0, failures: 0 };
      byMinute.set(minute, bucket);
    }
    return bucket;
  }

  /**
   * Adds the counts taken since the last flush to the table, in one statement; answers the rows
   * written. Counts a failed write would lose are put back for the next flush.
   */
  async flush(db: Db): Promise<number> {
    const taken = [...this.buckets.values()].flatMap((byMinute) => [...byMinute.values()]);
    if (taken.length === 0) return 0;
    this.buckets = new Map();
    try {
      await db
        .insertInto('api_call_counts')
        .values(
          taken.map((bucket) => ({
            key_id: bucket.keyId,
            minute: new Date(bucket.minute),
            calls: bucket.calls,
            failures: bucket.failures,
          })),
        )
        .onConflict((conflict) =>
          conflict.columns(['key_id', 'minute']).doUpdateSet({
            calls: sql<number>`api_call_counts.calls + excluded.calls`,
            failures: sql<number>`api_call_counts.failures + excluded.failures`,
          }),
        )
        .execute();
    } catch (error) {
      for (const counts of taken) {
        const bucket = this.bucket(counts.keyId, counts.minute);
        bucket.calls += counts.calls;
        bucket.failures += counts.failures;
      }
      throw error;
    }
    return taken.length;
  }
}

/** Deletes counts older than `keepMs` before `now`: the longest alert window is a day. */
export async function deleteOldCallCounts(db: Db, now: Date, keepMs: number): Promise<number> {
  const result = await db
    .deleteFrom('api_call_counts')
    .where('minute', '<', new Date(now.getTime() - keepMs))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
