import { sql } from 'kysely';
import type { Db } from '../store/database.ts';

const dayMs = 86_400_000;

/**
 * Deletes deliveries delivered more than `retentionDays` before `now`, then the outbox events
 * older than that which are fanned out and have no delivery left; a pending or parked (dead)
 * delivery keeps its event until it is delivered. In batches of `batchSize`, rows another node
 * is deleting skipped. An event still waiting for the NATS stream is kept too. Answers the deliveries and events deleted.
 */
export async function deleteOldDeliveries(
  db: Db,
  now: Date,
  retentionDays: number,
  batchSize = 5_000,
): Promise<{ deliveries: number; events: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * dayMs);
  let deliveries = 0;
  for (;;) {
    const result = await sql`
      DELETE FROM webhook_deliveries WHERE id IN (
        SELECT id FROM webhook_deliveries
        WHERE status = 'delivered' AND delivered_at < ${cutoff}
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`.execute(db);
    const count = Number(result.numAffectedRows ?? 0n);
    deliveries += count;
    if (count < batchSize) break;
  }
  let events = 0;
  for (;;) {
    const result = await sql`
      DELETE FROM domain_events WHERE id IN (
        SELECT e.id FROM domain_events e
        WHERE e.fanned_out AND e.created_at < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM stream_publications p WHERE p.event_id = e.id)
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`.execute(db);
    const count = Number(result.numAffectedRows ?? 0n);
    events += count;
    if (count < batchSize) return { deliveries, events };
  }
}
