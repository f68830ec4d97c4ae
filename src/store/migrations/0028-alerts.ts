import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Alerts: rules over what Perk measures, the incidents they open (one open incident per rule and
 * subject, kept unique by the database so two nodes evaluating at once cannot open it twice), the
 * notices sent for them, and per-minute counts of integration calls per API key that each node
 * adds to from its memory every few seconds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE alert_rules (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL,
      params jsonb NOT NULL,
      emails text[] NOT NULL DEFAULT '{}',
      webhook_url text,
      webhook_secret text,
      language text NOT NULL CHECK (language IN ('ru', 'en')),
      throttle_minutes integer NOT NULL CHECK (throttle_minutes > 0),
      active boolean NOT NULL DEFAULT true,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    `CREATE TABLE alert_incidents (
      id bigserial PRIMARY KEY,
      rule_id uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
      subject text NOT NULL,
      opened_at timestamptz NOT NULL,
      last_notified_at timestamptz,
      closed_at timestamptz,
      details jsonb NOT NULL,
      text_ru text NOT NULL,
      text_en text NOT NULL
    )`,
    `CREATE UNIQUE INDEX alert_incidents_open_idx ON alert_incidents (rule_id, subject)
      WHERE closed_at IS NULL`,
    `CREATE TABLE alert_deliveries (
      id bigserial PRIMARY KEY,
      incident_id bigint NOT NULL REFERENCES alert_incidents (id) ON DELETE CASCADE,
      notice text NOT NULL CHECK (notice IN ('opened', 'reminder')),
      channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
      target text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL
    )`,
    `CREATE INDEX alert_deliveries_incident_idx ON alert_deliveries (incident_id, id)`,
    `CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at)
      WHERE status = 'pending'`,
    `CREATE TABLE api_call_counts (
      key_id text NOT NULL,
      minute timestamptz NOT NULL,
      calls integer NOT NULL CHECK (calls >= 0),
      failures integer NOT NULL CHECK (failures >= 0 AND failures <= calls),
      PRIMARY KEY (key_id, minute)
    )`,
  ]);
}
