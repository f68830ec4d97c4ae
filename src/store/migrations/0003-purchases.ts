import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/** Committed purchases with their priced lines and calculation trace, and their returns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE purchases (
      id uuid PRIMARY KEY,
      integration_key_id uuid NOT NULL,
      transaction_id text NOT NULL,
      request_hash text NOT NULL,
      customer_id uuid REFERENCES customers (id),
      store_id text NOT NULL REFERENCES stores (id),
      business_at timestamptz NOT NULL,
      offline boolean NOT NULL DEFAULT false,
      cancelled boolean NOT NULL DEFAULT false,
      subtotal_minor bigint NOT NULL,
      discount_minor bigint NOT NULL,
      total_minor bigint NOT NULL,
      redeemed_points bigint NOT NULL CHECK (redeemed_points >= 0),
      redeemed_money_minor bigint NOT NULL CHECK (redeemed_money_minor >= 0),
      paid_minor bigint NOT NULL CHECK (paid_minor >= 0),
      accrued_points bigint NOT NULL CHECK (accrued_points >= 0),
      ruleset_version text NOT NULL,
      calculation jsonb NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (integration_key_id, transaction_id)
    )`,
    `CREATE INDEX purchases_customer_idx ON purchases (customer_id, business_at)`,
    `CREATE TABLE purchase_lines (
      purchase_id uuid NOT NULL REFERENCES purchases (id),
      line_no integer NOT NULL,
      line_id text NOT NULL,
      sku text NOT NULL,
      weighted boolean NOT NULL,
      quantity bigint NOT NULL CHECK (quantity > 0),
      unit_price_minor bigint NOT NULL,
      total_minor bigint NOT NULL,
      discount_minor bigint NOT NULL,
      redeemed_points bigint NOT NULL,
      redeemed_money_minor bigint NOT NULL,
      paid_minor bigint NOT NULL,
      accrued_points bigint NOT NULL,
      PRIMARY KEY (purchase_id, line_no)
    )`,
    `CREATE TABLE purchase_returns (
      id uuid PRIMARY KEY,
      purchase_id uuid NOT NULL REFERENCES purchases (id),
      return_id text NOT NULL,
      request_hash text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('return', 'cancel')),
      business_at timestamptz NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (purchase_id, return_id)
    )`,
    `CREATE TABLE purchase_return_lines (
      return_row_id uuid NOT NULL REFERENCES purchase_returns (id),
      purchase_id uuid NOT NULL,
      line_no integer NOT NULL,
      quantity bigint NOT NULL CHECK (quantity > 0),
      take_back_points bigint NOT NULL,
      give_back_points bigint NOT NULL,
      refund_minor bigint NOT NULL,
      PRIMARY KEY (return_row_id, line_no),
      FOREIGN KEY (purchase_id, line_no) REFERENCES purchase_lines (purchase_id, line_no)
    )`,
  ]);
}
