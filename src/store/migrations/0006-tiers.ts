import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Tiers: the programme's tier definition (one row), each customer's current tier (one indexed
 * read for a cart), the append-only history of tier moves, and the welcome bonuses given, one per
 * (customer, tier) ever, which is what makes "credited once" hold across re-entries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE tier_program (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      definition jsonb NOT NULL,
      revision integer NOT NULL CHECK (revision > 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    // No row: the customer holds the entry tier (a tier with threshold 0), or none.
    `CREATE TABLE customer_tiers (
      customer_id uuid PRIMARY KEY REFERENCES customers (id),
      tier_id text,
      since timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX customer_tiers_since_idx ON customer_tiers (since) WHERE tier_id IS NOT NULL`,
    `CREATE TABLE customer_tier_history (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      from_tier_id text,
      to_tier_id text,
      at timestamptz NOT NULL,
      reason text NOT NULL CHECK (reason IN ('purchase', 'return', 'period_end', 'manual')),
      metric bigint NOT NULL,
      purchase_id uuid,
      actor_name text,
      note text,
      welcome_bonus_points bigint NOT NULL DEFAULT 0 CHECK (welcome_bonus_points >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX customer_tier_history_customer_idx ON customer_tier_history (customer_id, id)`,
    `CREATE TABLE tier_welcome_bonuses (
      customer_id uuid NOT NULL REFERENCES customers (id),
      tier_id text NOT NULL,
      points bigint NOT NULL CHECK (points > 0),
      granted_at timestamptz NOT NULL,
      operation_id text NOT NULL,
      PRIMARY KEY (customer_id, tier_id)
    )`,
  ]);
}
