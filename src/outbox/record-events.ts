import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.ts';
import type { NewEvent } from './event-types.ts';

/**
 * Writes events into the outbox in the caller's transaction `trx`, so they exist exactly when
 * the change they report does.
 */
export async function recordEvents(trx: Db, events: readonly NewEvent[], now: Date): Promise<void> {
  if (events.length === 0) return;
  await trx.insertInto('domain_events').values(eventRows(events, now)).execute();
}

/**
 * The outbox rows of `events`, for a statement that writes them beside other rows. Each gets a
 * fresh uuid, the receivers' key for deduplication (a delivery may be repeated, never lost).
 */
export function eventRows(events: readonly NewEvent[], now: Date) {
  return events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    occurred_at: event.occurredAt,
    customer_id: event.customerId,
    payload: JSON.stringify(event.payload),
    created_at: now,
  }));
}
