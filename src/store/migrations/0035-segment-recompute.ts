import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * When the segment recompute last went over every customer, and when facts last changed in bulk
 * behind the segments' back (a history import): one row. The recompute walks every customer once
 * a programme day, or again when bulk facts changed since; between those, purchases, returns,
 * profile changes and messages update memberships as they are written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE segment_recompute_state (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      full_pass_day date,
      full_pass_at timestamptz,
      facts_changed_at timestamptz
    )`,
    'INSERT INTO segment_recompute_state (id) VALUES (true)',
  ]);
}
