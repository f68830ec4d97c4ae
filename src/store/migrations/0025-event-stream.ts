import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Outbox events waiting to be published to a NATS JetStream stream, for chains that use one.
 * The webhook fan-out (src/webhooks/fan-out.ts) adds a row per event when the stream is
 * configured, in the statement that marks the event fanned out, so no event is missed between
 * the two. A publisher claims rows `FOR UPDATE SKIP LOCKED` under a lease, as webhook
 * deliveries are claimed, publishes with the event id as JetStream's message id (the stream
 * drops a repeat within its duplicate window) and deletes the rows the stream acknowledged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE stream_publications (
      event_id uuid PRIMARY KEY REFERENCES domain_events (id),
      seq bigint NOT NULL,
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL,
      lease_token uuid,
      last_error text
    )`,
    `CREATE INDEX stream_publications_due_idx ON stream_publications (next_attempt_at, seq)`,
  ]);
}
