import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Segments: their definitions, their materialised members (one indexed read per cart), and the
 * per-customer aggregates rules are evaluated on — money and purchase counts per calendar day in
 * the programme's zone (so any "last N days" window is exact), the last day each SKU was bought,
 * and the RFM scores recomputed over the whole base on schedule.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE segments (
      id text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('rule', 'static')),
      rule jsonb,
      computed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'rule') = (rule IS NOT NULL))
    )`,
    `CREATE TABLE segment_members (
      segment_id text NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
      customer_id uuid NOT NULL REFERENCES customers (id),
      since timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (segment_id, customer_id)
    )`,
    // The cart's read: every segment of one customer.
    `CREATE INDEX segment_members_customer_idx ON segment_members (customer_id, segment_id)`,
    `CREATE TABLE customer_purchase_days (
      customer_id uuid NOT NULL REFERENCES customers (id),
      day date NOT NULL,
      spent_minor bigint NOT NULL,
      purchase_count integer NOT NULL CHECK (purchase_count >= 0),
      PRIMARY KEY (customer_id, day)
    )`,
    `CREATE INDEX customer_purchase_days_day_idx ON customer_purchase_days (day)`,
    `CREATE TABLE customer_skus (
      customer_id uuid NOT NULL REFERENCES customers (id),
      sku text NOT NULL,
      last_day date NOT NULL,
      PRIMARY KEY (customer_id, sku)
    )`,
    `CREATE TABLE customer_rfm (
      customer_id uuid PRIMARY KEY REFERENCES customers (id),
      recency smallint NOT NULL CHECK (recency BETWEEN 1 AND 5),
      frequency smallint NOT NULL CHECK (frequency BETWEEN 1 AND 5),
      monetary smallint NOT NULL CHECK (monetary BETWEEN 1 AND 5),
      computed_at timestamptz NOT NULL
    )`,
  ]);
}
