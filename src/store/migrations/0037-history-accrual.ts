import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The points an imported check accrued (`perk import purchases --accrue`), or null while it
 * accrued none: the mark that keeps a re-run from accruing a check twice, and lets a later run
 * with `--accrue` accrue the checks an earlier run without it stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `ALTER TABLE history_checks ADD COLUMN accrued_points bigint CHECK (accrued_points >= 0)`,
  ]);
}
