import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A revision for each whole-object setting, answered as its ETag and checked by If-Match (the tier
 * programme already has one). The points settings count their saves; the ruleset settings count
 * theirs in every ruleset version, so a promotion change (a new version with the same settings)
 * does not make a marketer's copy of the settings stale. Existing settings start at revision 1.
 *
 * The point value has one source, the points settings: the ruleset settings' own copy (which
 * priced bonus points in promotions while accrual and redemption read the points settings) is
 * dropped from every stored version, so an older version replayed for an offline check values
 * points as today's programme does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `ALTER TABLE points_program_settings
      ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision > 0)`,
    `ALTER TABLE ruleset_versions
      ADD COLUMN settings_revision integer NOT NULL DEFAULT 1 CHECK (settings_revision >= 0)`,
    `UPDATE ruleset_versions SET settings = settings - 'pointValueMinor'
      WHERE settings ? 'pointValueMinor'`,
  ]);
}
