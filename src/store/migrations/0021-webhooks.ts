import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The transactional outbox and its webhook deliveries. `domain_events` is written in the
 * transaction of the change it reports (a rolled-back commit leaves no event); `fanned_out`
 * marks the events already copied into a delivery row for each matching subscription, so the
 * copying needs no cursor (ids drawn at insert become visible at commit, out of order).
 * `webhook_deliveries` is the work queue: a deliverer claims due rows `FOR UPDATE SKIP LOCKED`,
 * moves `next_attempt_at` past its lease and commits before the HTTP call, so no transaction is
 * held across it and a node killed mid-call leaves a row that is due again when the lease ends.
 * `lease_token` tells the outcome of a stale deliverer from the current one's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE domain_events (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      customer_id text,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      fanned_out boolean NOT NULL DEFAULT false
    )`,
    `CREATE INDEX domain_events_waiting_idx ON domain_events (seq) WHERE NOT fanned_out`,
    `CREATE INDEX domain_events_customer_idx ON domain_events (customer_id, seq)`,
    `CREATE TABLE webhook_subscriptions (
      id uuid PRIMARY KEY,
      url text NOT NULL,
      event_types text[] NOT NULL,
      secret text NOT NULL,
      active boolean NOT NULL,
      description text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    `CREATE TABLE webhook_deliveries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id),
      event_id uuid NOT NULL REFERENCES domain_events (id),
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL,
      lease_token uuid,
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (subscription_id, event_id)
    )`,
    `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
      WHERE status = 'pending'`,
    `CREATE INDEX webhook_deliveries_status_idx ON webhook_deliveries (status, id)`,
  ]);
}
