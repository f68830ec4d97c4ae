import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * One number that moves whenever what a commit reads as configuration changes: the points
 * settings, the tier programme, the campaigns, the rule segments. A node keeps those in memory
 * and reads only this number per request to know they are still current; triggers bump it, so no
 * writer (today's or a later one) can forget to. Statement-level: a bulk change bumps it once.
 * Segments bump it only when a rule or kind changes, not when a recompute stamps `computed_at`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE config_version (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      version bigint NOT NULL
    )`,
    `INSERT INTO config_version (singleton, version) VALUES (true, 1)`,
    `CREATE FUNCTION bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE config_version SET version = version + 1;
        RETURN NULL;
      END $$`,
    ...['points_program_settings', 'tier_program', 'campaigns'].map(
      (table) => `CREATE TRIGGER ${table}_config_version
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version()`,
    ),
    `CREATE TRIGGER segments_config_version
      AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF kind, rule ON segments
      FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version()`,
  ]);
}
