import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/** Customers and their identifiers, catalogue, stores, API keys and the audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE customers (
      id uuid PRIMARY KEY,
      number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      first_name text,
      last_name text,
      middle_name text,
      gender text CHECK (gender IN ('male', 'female')),
      birth_date date,
      city text,
      consents jsonb NOT NULL DEFAULT '{}',
      special_categories text[] NOT NULL DEFAULT '{}',
      custom_fields jsonb NOT NULL DEFAULT '{}',
      merged_into uuid REFERENCES customers (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX customers_name_idx ON customers (lower(coalesce(last_name, '') || ' ' || coalesce(first_name, '')))`,
    `CREATE TABLE customer_identifiers (
      kind text NOT NULL CHECK (kind IN ('card', 'phone', 'email', 'external')),
      system text NOT NULL DEFAULT '',
      value text NOT NULL,
      customer_id uuid NOT NULL REFERENCES customers (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, system, value)
    )`,
    `CREATE INDEX customer_identifiers_customer_idx ON customer_identifiers (customer_id)`,
    `CREATE TABLE customer_merges (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      survivor_id uuid NOT NULL REFERENCES customers (id),
      merged_id uuid NOT NULL UNIQUE REFERENCES customers (id),
      moved jsonb NOT NULL,
      actor text NOT NULL,
      merged_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE custom_field_definitions (
      key text PRIMARY KEY,
      type text NOT NULL CHECK (type IN ('string', 'integer', 'boolean', 'date')),
      title_ru text NOT NULL,
      title_en text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE categories (
      id text PRIMARY KEY,
      name text NOT NULL,
      parent_id text REFERENCES categories (id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX categories_parent_idx ON categories (parent_id)`,
    `CREATE TABLE products (
      sku text PRIMARY KEY,
      name text NOT NULL,
      category_id text REFERENCES categories (id),
      brand text,
      attributes jsonb NOT NULL DEFAULT '{}',
      tags text[] NOT NULL DEFAULT '{}',
      min_price_minor bigint CHECK (min_price_minor >= 0),
      no_discount boolean NOT NULL DEFAULT false,
      no_points_payment boolean NOT NULL DEFAULT false,
      no_accrual boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX products_category_idx ON products (category_id)`,
    `CREATE TABLE stores (
      id text PRIMARY KEY,
      name text NOT NULL,
      region text NOT NULL,
      time_zone text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('pos', 'web', 'app')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE api_keys (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('pos', 'web', 'admin', 'analyst')),
      prefix text NOT NULL UNIQUE,
      secret_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`,
    `CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_key_id uuid,
      actor_name text NOT NULL,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb
    )`,
    `CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`,
  ]);
}
