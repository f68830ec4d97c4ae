import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

const kinds = `'accrual_pending', 'activation', 'redemption', 'expiry', 'reversal_accrual',
  'reversal_redemption', 'adjustment', 'welcome_bonus', 'campaign_bonus'`;
const accounts = `'world', 'pending', 'active'`;

/**
 * The points ledger: programme settings, one balance row per customer, lots, append-only entries
 * and the idempotency record of every operation. Amounts are whole points in bigint.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE points_program_settings (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      settings jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    // The balance cache the till reads in O(1). `active` is net of debt, so it may be negative,
    // but never below what the lots could cover: active + debt is the points the lots hold.
    `CREATE TABLE points_accounts (
      customer_id uuid PRIMARY KEY REFERENCES customers (id),
      active bigint NOT NULL DEFAULT 0,
      pending bigint NOT NULL DEFAULT 0 CHECK (pending >= 0),
      debt bigint NOT NULL DEFAULT 0 CHECK (debt >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (active + debt >= 0)
    )`,
    `CREATE TABLE points_operations (
      key text PRIMARY KEY,
      kind text NOT NULL,
      customer_id uuid NOT NULL REFERENCES customers (id),
      input_hash text NOT NULL,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE points_lots (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      source text NOT NULL CHECK (source IN ('purchase', 'welcome_bonus', 'campaign_bonus', 'adjustment')),
      purchase_id text,
      reason text,
      earned_at timestamptz NOT NULL,
      activates_at timestamptz NOT NULL CHECK (activates_at >= earned_at),
      expires_at timestamptz CHECK (expires_at > activates_at),
      amount bigint NOT NULL CHECK (amount > 0),
      remaining bigint NOT NULL
        CONSTRAINT points_lots_remaining_in_lot CHECK (remaining >= 0 AND remaining <= amount),
      activated boolean NOT NULL,
      operation_key text NOT NULL REFERENCES points_operations (key),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX points_lots_customer_idx ON points_lots (customer_id)`,
    `CREATE INDEX points_lots_purchase_idx ON points_lots (purchase_id) WHERE purchase_id IS NOT NULL`,
    // The transition job looks only at lots with something due; these stay small.
    `CREATE INDEX points_lots_activation_due_idx ON points_lots (activates_at) WHERE NOT activated`,
    `CREATE INDEX points_lots_expiry_due_idx ON points_lots (expires_at)
      WHERE remaining > 0 AND expires_at IS NOT NULL`,
    `CREATE TABLE points_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      kind text NOT NULL CHECK (kind IN (${kinds})),
      from_account text NOT NULL CHECK (from_account IN (${accounts})),
      to_account text NOT NULL CHECK (to_account IN (${accounts})),
      points bigint NOT NULL CHECK (points > 0),
      effective_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      lot_id uuid REFERENCES points_lots (id),
      purchase_id text,
      operation_key text REFERENCES points_operations (key),
      reason text,
      CHECK (from_account <> to_account)
    )`,
    `CREATE INDEX points_entries_customer_idx ON points_entries (customer_id, id)`,
    `CREATE INDEX points_entries_purchase_idx ON points_entries (purchase_id) WHERE purchase_id IS NOT NULL`,
    `CREATE INDEX points_entries_lot_idx ON points_entries (lot_id)`,
    // A lot activates once; a second activation entry would be a double count.
    `CREATE UNIQUE INDEX points_entries_one_activation ON points_entries (lot_id)
      WHERE kind = 'activation'`,
    // Append-only in the database itself: a correction is a new entry, never an edit.
    `CREATE FUNCTION points_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'points_entries is append-only' USING ERRCODE = '55000';
      END $$`,
    `CREATE TRIGGER points_entries_append_only BEFORE UPDATE OR DELETE ON points_entries
      FOR EACH ROW EXECUTE FUNCTION points_entries_append_only()`,
  ]);
}
