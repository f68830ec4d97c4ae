import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * One-time motivators: coupon series and their codes with every redemption, promotion usage
 * counters for budgets and use limits with their entries, gift cards with their own ledger.
 * Money is bigint kopecks. Purchase ids are not foreign keys: these rows are written inside the
 * commit transaction before the purchase row itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [...couponTables, ...usageTables, ...giftCardTables, ...appendOnly]);
}

const couponTables = [
  `CREATE TABLE coupon_series (
    id text PRIMARY KEY,
    promotion_id text NOT NULL REFERENCES promotions (id),
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('unique', 'shared')),
    prefix text NOT NULL,
    random_length integer NOT NULL CHECK (random_length >= 0),
    max_uses_per_code integer CHECK (max_uses_per_code > 0),
    per_customer_uses integer CHECK (per_customer_uses > 0),
    valid_from timestamptz,
    valid_to timestamptz,
    store_ids text[],
    release_on_cancel boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_to > valid_from)
  )`,
  // Codes are stored normalised (upper case, no separators); the code is the key, so a lookup is
  // one index probe. No foreign key to the series: a million-row insert should not pay a trigger
  // per row, and series are never deleted.
  `CREATE TABLE coupons (
    code text PRIMARY KEY,
    series_id text NOT NULL,
    customer_id uuid,
    uses integer NOT NULL DEFAULT 0 CHECK (uses >= 0),
    max_uses integer CHECK (max_uses > 0),
    issued_at timestamptz,
    CHECK (max_uses IS NULL OR uses <= max_uses)
  )`,
  `CREATE INDEX coupons_series_idx ON coupons (series_id, code)`,
  `CREATE TABLE coupon_redemptions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL REFERENCES coupons (code),
    purchase_id uuid NOT NULL,
    customer_id uuid,
    redeemed_at timestamptz NOT NULL,
    released_at timestamptz,
    UNIQUE (purchase_id, code)
  )`,
  `CREATE INDEX coupon_redemptions_customer_idx ON coupon_redemptions (code, customer_id)
    WHERE released_at IS NULL`,
];

const usageTables = [
  `CREATE TABLE promotion_usage (
    promotion_id text PRIMARY KEY,
    total_uses bigint NOT NULL DEFAULT 0 CHECK (total_uses >= 0),
    discount_minor bigint NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
    points bigint NOT NULL DEFAULT 0 CHECK (points >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE promotion_customer_usage (
    promotion_id text NOT NULL,
    customer_id uuid NOT NULL,
    uses bigint NOT NULL DEFAULT 0 CHECK (uses >= 0),
    PRIMARY KEY (promotion_id, customer_id)
  )`,
  `CREATE TABLE promotion_usage_entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purchase_id uuid NOT NULL,
    promotion_id text NOT NULL,
    customer_id uuid,
    kind text NOT NULL CHECK (kind IN ('use', 'release')),
    uses integer NOT NULL CHECK (uses IN (0, 1)),
    discount_minor bigint NOT NULL CHECK (discount_minor >= 0),
    points bigint NOT NULL CHECK (points >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX promotion_usage_entries_purchase_idx ON promotion_usage_entries (purchase_id)`,
];

const giftCardTables = [
  `CREATE TABLE gift_cards (
    number text PRIMARY KEY CHECK (number ~ '^[0-9]{16}$'),
    pin_hash text NOT NULL,
    status text NOT NULL CHECK (status IN ('issued', 'active')),
    nominal_minor bigint NOT NULL CHECK (nominal_minor > 0),
    balance_minor bigint NOT NULL CHECK (balance_minor >= 0),
    expires_at timestamptz,
    selling_purchase_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    activated_at timestamptz
  )`,
  `CREATE TABLE gift_card_entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    card_number text NOT NULL REFERENCES gift_cards (number),
    kind text NOT NULL CHECK (kind IN ('issue', 'activation', 'charge', 'refund')),
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    balance_after_minor bigint NOT NULL CHECK (balance_after_minor >= 0),
    purchase_id uuid,
    effective_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX gift_card_entries_card_idx ON gift_card_entries (card_number, id)`,
  `CREATE INDEX gift_card_entries_purchase_idx ON gift_card_entries (purchase_id)
    WHERE purchase_id IS NOT NULL`,
];

// Ledgers are append-only in the database itself: a correction is a new entry, never an edit.
const appendOnly = [
  `CREATE FUNCTION motivator_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '55000';
    END $$`,
  `CREATE TRIGGER promotion_usage_entries_append_only BEFORE UPDATE OR DELETE
    ON promotion_usage_entries FOR EACH ROW EXECUTE FUNCTION motivator_entries_append_only()`,
  `CREATE TRIGGER gift_card_entries_append_only BEFORE UPDATE OR DELETE
    ON gift_card_entries FOR EACH ROW EXECUTE FUNCTION motivator_entries_append_only()`,
];
