import { sql } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import { applyDueTransitions, type TransitionCounts } from './due-transitions.ts';

export interface TransitionRun extends TransitionCounts {
  /** Customers whose account another transaction held; their lots wait for the next run. */
  skipped: number;
}

/**
 * Books every activation and expiry due at `now` (epoch ms), in batches of at most `batchSize`
 * customers, one transaction per batch. Safe on several nodes at once: each batch locks the
 * accounts it handles `FOR UPDATE SKIP LOCKED`, so two runs never handle one customer together
 * and a customer held by a till is left for the next run. Idempotent: under the lock only what
 * is still due is booked, each entry dated at the lot's own instant.
 *
 * A batch takes the customers of the lots due first, found through the two partial "due" indexes
 * (migration 0004), so a run reads what is due and not every lot: a lot handled leaves its index,
 * and the next batch finds the next ones. Customers skipped, and any still due after being
 * handled, are left out of the rest of the run, so it always ends.
 */
export async function runDueTransitions(
  db: Db,
  now: EpochMs,
  options: { batchSize?: number } = {},
): Promise<TransitionRun> {
  const batchSize = options.batchSize ?? 200;
  const total: TransitionRun = { activated: 0, expired: 0, skipped: 0 };
  const handled = new Set<string>();
  const leftOut: string[] = [];
  for (;;) {
    const batch = await db
      .transaction()
      .execute((trx) => runBatch(trx, now, leftOut, handled, batchSize));
    total.activated += batch.activated;
    total.expired += batch.expired;
    total.skipped += batch.skipped;
    if (batch.found === 0) return total;
  }
}

async function runBatch(
  trx: Db,
  now: EpochMs,
  leftOut: string[],
  handled: Set<string>,
  batchSize: number,
): Promise<TransitionRun & { found: number }> {
  const at = new Date(now);
  const notLeftOut =
    leftOut.length === 0 ? sql`` : sql`AND customer_id <> ALL(${sql.val(leftOut)}::uuid[])`;
  const { rows } = await sql<{ customer_id: string }>`
    SELECT customer_id FROM (
      (SELECT customer_id FROM points_lots
        WHERE NOT activated AND activates_at <= ${at} ${notLeftOut}
        ORDER BY activates_at LIMIT ${batchSize})
      UNION
      (SELECT customer_id FROM points_lots
        WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ${at} ${notLeftOut}
        ORDER BY expires_at LIMIT ${batchSize})
    ) due
    ORDER BY customer_id LIMIT ${batchSize}`.execute(trx);
  const result = { activated: 0, expired: 0, skipped: 0, found: rows.length };
  // Still due after this run handled it (a lot its frame would not book): not asked again.
  const ids = rows.map((row) => row.customer_id).filter((id) => !handled.has(id));
  for (const { customer_id } of rows) if (handled.has(customer_id)) leftOut.push(customer_id);
  if (ids.length === 0) return result;
  const locked = await trx
    .selectFrom('points_accounts')
    .select('customer_id')
    .where('customer_id', 'in', ids)
    .orderBy('customer_id')
    .forUpdate()
    .skipLocked()
    .execute();
  const lockedIds = new Set(locked.map((row) => row.customer_id));
  for (const id of ids) if (!lockedIds.has(id)) leftOut.push(id);
  result.skipped = ids.length - locked.length;
  for (const { customer_id } of locked) {
    handled.add(customer_id);
    const counts = await applyDueTransitions(trx, customer_id, now);
    result.activated += counts.activated;
    result.expired += counts.expired;
  }
  return result;
}
