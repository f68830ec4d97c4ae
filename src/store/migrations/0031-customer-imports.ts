import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

const kinds = `'accrual_pending', 'activation', 'redemption', 'expiry', 'reversal_accrual',
  'reversal_redemption', 'adjustment', 'welcome_bonus', 'campaign_bonus', 'opening_balance'`;

/**
 * Customers switched over from another processing. `customer_imports` remembers, per old
 * system and its customer id, the Perk customer made from the row and the hash of the row, so a
 * re-run tells "already there" from "changed since". Opening balances are lots and entries of
 * their own kind, `opening_balance`, so the ledger history says where the points came from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE customer_imports (
      system text NOT NULL,
      external_id text NOT NULL,
      customer_id uuid NOT NULL REFERENCES customers (id),
      input_hash text NOT NULL,
      imported_at timestamptz NOT NULL,
      PRIMARY KEY (system, external_id)
    )`,
    `CREATE INDEX customer_imports_customer_idx ON customer_imports (customer_id)`,
    `ALTER TABLE points_entries DROP CONSTRAINT points_entries_kind_check`,
    `ALTER TABLE points_entries ADD CONSTRAINT points_entries_kind_check CHECK (kind IN (${kinds}))`,
    `ALTER TABLE points_lots DROP CONSTRAINT points_lots_source_check`,
    `ALTER TABLE points_lots ADD CONSTRAINT points_lots_source_check CHECK (source IN
      ('purchase', 'welcome_bonus', 'campaign_bonus', 'adjustment', 'opening_balance'))`,
  ]);
}
