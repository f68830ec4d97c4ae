import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type PollingLoop, startPolling } from '../jobs/polling-loop.ts';
import type { Db } from '../store/database.ts';
import { type Backoff, retryDelayMs } from '../webhooks/backoff.ts';
import { webhookBody } from '../webhooks/send-webhook.ts';
import type { EventStream } from './event-stream.ts';

export interface PublisherOptions {
  /** Events claimed (and published in outbox order) per pass. */
  batchSize: number;
  /** A claim outlives the stream's slowest acknowledgement by this much, in ms. */
  leaseMs: number;
  backoff: Backoff;
  random: () => number;
  /** Subjects are `<subjectPrefix>.<event type>`. */
  subjectPrefix: string;
  clock: () => number;
}

/** What one pass did. */
export interface PublishCounts {
  claimed: number;
  published: number;
  failed: number;
}

/**
 * One pass: claims the due events of the stream queue under a lease (one statement that commits
 * at once, so no transaction is open while the stream answers), publishes them in outbox order
 * with the webhook body, then deletes the ones the stream stored and puts the others off by the
 * backoff. Never gives up an event: the stream is the retailer's own infrastructure, and a
 * failure is an outage to wait out, not a receiver to park. A node killed mid-pass leaves rows
 * that fall due again when the lease ends; the stream drops the repeats by event id.
 */
export async function publishDue(
  db: Db,
  stream: EventStream,
  options: PublisherOptions,
): Promise<PublishCounts> {
  const now = new Date(options.clock());
  const token = randomUUID();
  const claimed = await sql<{ event_id: string; attempts: number }>`
    UPDATE stream_publications p
    SET attempts = p.attempts + 1,
      next_attempt_at = ${new Date(now.getTime() + options.leaseMs)},
      lease_token = ${token}
    FROM (
      SELECT event_id FROM stream_publications WHERE next_attempt_at <= ${now}
      ORDER BY seq LIMIT ${options.batchSize} FOR UPDATE SKIP LOCKED
    ) due
    WHERE p.event_id = due.event_id
    RETURNING p.event_id, p.attempts`.execute(db);
  if (claimed.rows.length === 0) return { claimed: 0, published: 0, failed: 0 };
  const attempts = new Map(claimed.rows.map((row) => [row.event_id, row.attempts]));
  const events = await db
    .selectFrom('domain_events')
    .select(['id', 'type', 'occurred_at', 'customer_id', 'payload', 'created_at'])
    .where('id', 'in', [...attempts.keys()])
    .orderBy('seq')
    .execute();
  // Sent in outbox order on the one connection; the acknowledgements are awaited together.
  const outcomes = await Promise.allSettled(
    events.map((event) =>
      stream.publish(
        `${options.subjectPrefix}.${event.type}`,
        webhookBody({
          id: event.id,
          type: event.type,
          occurredAt: event.occurred_at,
          customerId: event.customer_id,
          payload: event.payload,
          createdAt: event.created_at,
        }),
        { eventId: event.id, type: event.type },
      ),
    ),
  );
  const published = events.filter((_, i) => outcomes[i]?.status === 'fulfilled').map((e) => e.id);
  if (published.length > 0) {
    await db
      .deleteFrom('stream_publications')
      .where('event_id', 'in', published)
      .where('lease_token', '=', token)
      .execute();
  }
  const failed = events.flatMap((event, i) => {
    const outcome = outcomes[i];
    return outcome?.status === 'rejected' ? [{ id: event.id, reason: outcome.reason }] : [];
  });
  for (const { id, reason } of failed) {
    const pauseMs = retryDelayMs(attempts.get(id) ?? 1, options.backoff, options.random);
    await db
      .updateTable('stream_publications')
      .set({
        next_attempt_at: new Date(options.clock() + pauseMs),
        last_error: errorText(reason),
      })
      .where('event_id', '=', id)
      .where('lease_token', '=', token)
      .execute();
  }
  return { claimed: claimed.rows.length, published: published.length, failed: failed.length };
}

function errorText(reason: unknown): string {
  const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  return text.slice(0, 500);
}

/**
 * The publishing loop of one process: passes back to back while a full batch went out, then
 * one every `pollMs`. Claims go through the database, so every node may run it.
 */
export function startEventPublisher(
  db: Db,
  stream: EventStream,
  options: PublisherOptions & { pollMs: number; onError?: (error: unknown) => void },
): PollingLoop {
  return startPolling(
    async (stopped) => {
      while (!stopped()) {
        const counts = await publishDue(db, stream, options);
        if (counts.published < options.batchSize) return;
      }
    },
    options.pollMs,
    options.onError,
  );
}
