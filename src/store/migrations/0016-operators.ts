import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Operators are the people using the console (API keys stay for integrations). Failed logins and
 * the lock-out are counted in the row, so they hold across nodes. Sessions are rows keyed by the
 * SHA-256 of their token: the cookie's value is never stored, and logout deletes the row.
 *
 * The audit log names an operator by id beside the key id it already had, and is read by actor
 * and by time, newest first, a page at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE operators (
      id uuid PRIMARY KEY,
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'marketer', 'support', 'analyst')),
      password_hash text NOT NULL,
      must_change_password boolean NOT NULL,
      active boolean NOT NULL DEFAULT true,
      failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
      locked_until timestamptz,
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE operator_sessions (
      token_hash text PRIMARY KEY,
      operator_id uuid NOT NULL REFERENCES operators (id),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX operator_sessions_operator_idx ON operator_sessions (operator_id)`,
    `ALTER TABLE audit_log ADD COLUMN actor_operator_id uuid`,
    `CREATE INDEX audit_log_operator_idx ON audit_log (actor_operator_id, id)
      WHERE actor_operator_id IS NOT NULL`,
    `CREATE INDEX audit_log_key_idx ON audit_log (actor_key_id, id) WHERE actor_key_id IS NOT NULL`,
    `CREATE INDEX audit_log_at_idx ON audit_log (at, id)`,
  ]);
}
