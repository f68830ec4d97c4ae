import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import { applyDueTransitions, type TransitionCounts } from './due-transitions.ts';

export interface TransitionRun extends TransitionCounts {
  /** Customers whose account another transaction held; their lots wait for the next run. */
  skipped: number;
}

/**
 * Books every activation and expiry due at `now` (epoch ms), in batches of `batchSize`
 * customers, one transaction per batch. Safe on several nodes at once: each batch locks the
 * accounts it handles `FOR UPDATE SKIP LOCKED`, so two runs never handle one customer together
 * and a customer held by a till is left for the next run. Idempotent: under the lock only what
 * is still due is booked, each entry dated at the lot's own instant.
 */
export async function runDueTransitions(
  db: Db,
  now: EpochMs,
  options: { batchSize?: number } = {},
): Promise<TransitionRun> {
  const batchSize = options.batchSize ?? 200;
  const total: TransitionRun = { activated: 0, expired: 0, skipped: 0 };
  let after: string | null = null;
  for (;;) {
    const batch: TransitionRun & { last: string | null } = await db
      .transaction()
      .execute((trx) => runBatch(trx, now, after, batchSize));
    total.activated += batch.activated;
    total.expired += batch.expired;
    total.skipped += batch.skipped;
    if (batch.last === null) return total;
    after = batch.last;
  }
}

async function runBatch(
  trx: Db,
  now: EpochMs,
  after: string | null,
  batchSize: number,
): Promise<TransitionRun & { last: string | null }> {
  const at = new Date(now);
  let due = trx
    .selectFrom('points_lots')
    .select('customer_id')
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([eb('activated', '=', false), eb('activates_at', '<=', at)]),
        eb.and([eb('remaining', '>', 0), eb('expires_at', '<=', at)]),
      ]),
    )
    .orderBy('customer_id')
    .limit(batchSize);
  // The cursor moves past skipped customers too, so a held account cannot stall the run.
  if (after !== null) due = due.where('customer_id', '>', after);
  const ids = (await due.execute()).map((row) => row.customer_id);
  const result = { activated: 0, expired: 0, skipped: 0, last: ids[ids.length - 1] ?? null };
  if (ids.length === 0) return result;
  const locked = await trx
    .selectFrom('points_accounts')
    .select('customer_id')
    .where('customer_id', 'in', ids)
    .orderBy('customer_id')
    .forUpdate()
    .skipLocked()
    .execute();
  result.skipped = ids.length - locked.length;
  for (const { customer_id } of locked) {
    const counts = await applyDueTransitions(trx, customer_id, now);
    result.activated += counts.activated;
    result.expired += counts.expired;
  }
  return result;
}
