import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { walletChangesOf } from '../wallet/wallet-changes.ts';

/**
 * Copies up to `limit` outbox events not yet fanned out into one pending delivery per active
 * subscription that wants their type, due at `now`, and marks them fanned out — one statement,
 * so an event is copied whole or not at all. With `toStream` each event is also queued for the
 * NATS stream (src/event-stream) in that statement; and in it, always, the wallet cards of the
 * customers whose balance or tier changed are made due an update (src/wallet). Events are locked
 * `SKIP LOCKED`: two nodes copy disjoint batches, and the unique (subscription, event) pair makes
 * a repeat harmless. Answers the events copied.
 */
export async function fanOutEvents(
  db: Db,
  now: Date,
  limit: number,
  toStream = false,
): Promise<number> {
  const streamed = toStream
    ? sql`, streamed AS (
        INSERT INTO stream_publications (event_id, seq, next_attempt_at)
        SELECT id, seq, ${now} FROM batch
        ON CONFLICT (event_id) DO NOTHING
      )`
    : sql``;
  const result = await sql<{ id: string }>`
    WITH batch AS (
      SELECT id, seq, type, customer_id FROM domain_events WHERE NOT fanned_out
      ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ), copied AS (
      INSERT INTO webhook_deliveries (subscription_id, event_id, status, next_attempt_at, created_at)
      SELECT s.id, b.id, 'pending', ${now}, ${now}
      FROM batch b JOIN webhook_subscriptions s ON s.active AND b.type = ANY(s.event_types)
      ON CONFLICT (subscription_id, event_id) DO NOTHING
    )${walletChangesOf(now)}${streamed}
    UPDATE domain_events SET fanned_out = true WHERE id IN (SELECT id FROM batch)
    RETURNING id`.execute(db);
  return result.rows.length;
}
