import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * What the retailer's mailing systems report about their messages to a customer (sent,
 * delivered, opened, clicked, unsubscribed), kept as history for segments ("opens our offers").
 * `id` is the sender's own event id: a report sent again is recognised (same `input_hash`) or
 * refused (another). `day` is the event's date in the programme's zone when it was recorded, as
 * purchase days are, so segment windows count whole local days.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE communication_events (
      id text PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      event text NOT NULL
        CHECK (event IN ('sent', 'delivered', 'opened', 'clicked', 'unsubscribed')),
      channel text NOT NULL,
      campaign text,
      occurred_at timestamptz NOT NULL,
      day date NOT NULL,
      input_hash text NOT NULL,
      recorded_at timestamptz NOT NULL
    )`,
    `CREATE INDEX communication_events_customer_idx
      ON communication_events (customer_id, occurred_at DESC)`,
  ]);
}
