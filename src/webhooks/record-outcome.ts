import type { Db } from '../store/database.ts';
import { type Backoff, retryDelayMs } from './backoff.ts';
import type { ClaimedDelivery } from './claim-deliveries.ts';
import type { SendOutcome } from './send-webhook.ts';

export interface RetryPolicy {
  /** Tries before a delivery is parked as dead. */
  maxAttempts: number;
  backoff: Backoff;
  random: () => number;
}

/**
 * Records a try under its lease: delivered; or due again after the backoff; or, at the last
 * try, parked as `dead` until replayed. A lease taken over meanwhile (this deliverer was
 * presumed dead) makes it a no-op: the current holder records. Answers the new status, or null.
 */
export async function recordOutcome(
  db: Db,
  delivery: ClaimedDelivery,
  outcome: SendOutcome,
  policy: RetryPolicy,
  now: Date,
): Promise<'delivered' | 'pending' | 'dead' | null> {
  const held = db
    .updateTable('webhook_deliveries')
    .where('id', '=', delivery.id)
    .where('lease_token', '=', delivery.leaseToken)
    .where('status', '=', 'pending');
  if (outcome.ok) {
    const result = await held
      .set({
        status: 'delivered',
        delivered_at: now,
        last_status: outcome.status,
        last_error: null,
      })
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? 'delivered' : null;
  }
  const dead = delivery.attempt >= policy.maxAttempts;
  const retryAt = new Date(
    now.getTime() + retryDelayMs(delivery.attempt, policy.backoff, policy.random),
  );
  const result = await held
    .set({
      status: dead ? 'dead' : 'pending',
      next_attempt_at: dead ? now : retryAt,
      last_status: outcome.status,
      last_error: outcome.error,
    })
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return null;
  return dead ? 'dead' : 'pending';
}
