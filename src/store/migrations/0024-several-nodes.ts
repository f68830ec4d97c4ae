import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * What several nodes on one PostgreSQL share beyond the data.
 *
 * Changes: a node keeps the compiled ruleset, the programme (points settings, tiers, campaigns,
 * rule segments) and the stores in memory. Triggers send `NOTIFY perk_changes` with the topic and
 * the schema inside the writing transaction, so the notice goes out exactly when the change
 * commits, and no writer (a route, a command, a later module) can forget it. The schema is in
 * the payload because channels are database-wide and one database may hold several Perk schemas.
 *
 * Failed lookups: one row per limited key (an API key, a customer, a gift card) holding the
 * instant its bucket is full again (a generic cell rate: whole milliseconds, no fractional
 * tokens), updated by one upsert per failure, so every node counts against the same limit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('perk_changes', TG_ARGV[0] || ' ' || current_schema());
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER ruleset_versions_notify AFTER INSERT ON ruleset_versions
      FOR EACH STATEMENT EXECUTE FUNCTION notify_change('ruleset')`,
    `CREATE TRIGGER config_version_notify AFTER UPDATE ON config_version
      FOR EACH STATEMENT EXECUTE FUNCTION notify_change('programme')`,
    `CREATE TRIGGER stores_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stores
      FOR EACH STATEMENT EXECUTE FUNCTION notify_change('stores')`,
    `CREATE TABLE failed_lookup_buckets (
      key text PRIMARY KEY,
      full_at_ms bigint NOT NULL
    )`,
  ]);
}
