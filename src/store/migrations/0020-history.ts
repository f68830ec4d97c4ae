import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Imported history: past checks of another system at line level, apart from the live
 * `purchases` (which carry an integration key, a calculation trace, points and returns that
 * history never had). A check is stored once by its own id with a hash of its content, so a
 * re-run is recognised and a different check under a known id is a conflict. `outlier` marks
 * wholesale-sized checks, left out of the per-customer aggregates that segments and tiers read.
 * Lines keep quantities in thousandths (a weighted line's 2.474 kg is 2474; one unit is 1000).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE history_checks (
      check_id text PRIMARY KEY,
      content_hash text NOT NULL,
      store_id text NOT NULL REFERENCES stores (id),
      channel text NOT NULL CHECK (channel IN ('online', 'offline')),
      business_at timestamptz NOT NULL,
      customer_id uuid REFERENCES customers (id),
      line_count integer NOT NULL CHECK (line_count > 0),
      quantity_milli bigint NOT NULL CHECK (quantity_milli > 0),
      total_minor bigint NOT NULL CHECK (total_minor >= 0),
      discount_minor bigint NOT NULL CHECK (discount_minor >= 0),
      paid_minor bigint NOT NULL CHECK (paid_minor >= 0),
      outlier boolean NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX history_checks_customer_idx ON history_checks (customer_id, business_at)
      WHERE customer_id IS NOT NULL`,
    `CREATE INDEX history_checks_time_idx ON history_checks (business_at)`,
    // No foreign key to history_checks: lines are written only with their check, in the same
    // transaction (history/import-history.ts), and a per-row key check on a million lines cost
    // about a fifth of the bulk insert.
    `CREATE TABLE history_check_lines (
      check_id text NOT NULL,
      line_no integer NOT NULL,
      sku text NOT NULL,
      quantity_milli bigint NOT NULL CHECK (quantity_milli > 0),
      price_minor bigint NOT NULL CHECK (price_minor >= 0),
      discount_minor bigint NOT NULL CHECK (discount_minor >= 0),
      paid_minor bigint NOT NULL CHECK (paid_minor >= 0),
      PRIMARY KEY (check_id, line_no)
    )`,
  ]);
}
