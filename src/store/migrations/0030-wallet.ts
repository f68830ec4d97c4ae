import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Wallet cards. `wallet_passes` holds one Apple Wallet pass per customer and pass type: its serial
 * (random, so it tells nothing about the customer), the hash of the token a device authenticates
 * with, the tag "list updated serials" compares and when it last changed, and `push_due_at`, when
 * its devices are next due a push (null: none due; a node sending pushes moves it past a lease, so
 * a node killed mid-push leaves it due again). `wallet_registrations` are the devices that hold a
 * pass and the push token each gave. `wallet_google_objects` are the Google Wallet objects Perk
 * handed out a link for, and when each is next due an update through Google's API (leased the same
 * way). The outbox's fan-out (src/webhooks/fan-out.ts) moves a pass's tag and makes passes and
 * objects due in the statement that marks a balance or tier event fanned out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE SEQUENCE wallet_pass_tags`,
    `CREATE TABLE wallet_passes (
      serial text PRIMARY KEY,
      pass_type_id text NOT NULL,
      customer_id uuid NOT NULL REFERENCES customers (id),
      auth_token_hash text NOT NULL,
      tag bigint NOT NULL DEFAULT nextval('wallet_pass_tags'),
      updated_at timestamptz NOT NULL,
      push_due_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (customer_id, pass_type_id)
    )`,
    `CREATE INDEX wallet_passes_push_idx ON wallet_passes (push_due_at)
      WHERE push_due_at IS NOT NULL`,
    `CREATE TABLE wallet_registrations (
      device_id text NOT NULL,
      pass_type_id text NOT NULL,
      serial text NOT NULL REFERENCES wallet_passes (serial) ON DELETE CASCADE,
      push_token text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (device_id, pass_type_id, serial)
    )`,
    `CREATE INDEX wallet_registrations_serial_idx ON wallet_registrations (serial)`,
    `CREATE TABLE wallet_google_objects (
      object_id text PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      update_due_at timestamptz,
      created_at timestamptz NOT NULL
    )`,
    `CREATE INDEX wallet_google_objects_customer_idx ON wallet_google_objects (customer_id)`,
    `CREATE INDEX wallet_google_objects_due_idx ON wallet_google_objects (update_due_at)
      WHERE update_due_at IS NOT NULL`,
  ]);
}
