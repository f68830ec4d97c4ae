import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Customer search on a million customers. A name is searched by the prefix of a word, so each
 * name part gets a `lower(…)` index with `text_pattern_ops` (usable by `LIKE 'prefix%'` under any
 * collation). An external id is searched in every system, which the primary key
 * `(kind, system, value)` cannot serve; `(value, kind)` can, and serves the other kinds too.
 * With the default 100 most common values, a common surname outside them was estimated at one
 * row instead of 8 000 among a million, and the planner fetched every match (300 ms) rather than
 * walking customers in order until a page was full (3 ms): the name indexes keep 1 000.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE INDEX customers_last_name_prefix_idx ON customers (lower(last_name) text_pattern_ops)`,
    `CREATE INDEX customers_first_name_prefix_idx ON customers (lower(first_name) text_pattern_ops)`,
    `CREATE INDEX customers_middle_name_prefix_idx ON customers (lower(middle_name) text_pattern_ops)`,
    `ALTER INDEX customers_last_name_prefix_idx ALTER COLUMN 1 SET STATISTICS 1000`,
    `ALTER INDEX customers_first_name_prefix_idx ALTER COLUMN 1 SET STATISTICS 1000`,
    `ALTER INDEX customers_middle_name_prefix_idx ALTER COLUMN 1 SET STATISTICS 1000`,
    `CREATE INDEX customer_identifiers_value_idx ON customer_identifiers (value, kind)`,
  ]);
}
