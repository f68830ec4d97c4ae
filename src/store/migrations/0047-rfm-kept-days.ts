import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The daily RFM scores keep what churn risk reads of the same customer (purchase days, first and
 * last day), so the analytics page reads the day's scores instead of scoring a million customers
 * at every load. The day's walk is marked as not done: the next hourly run fills the new columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `ALTER TABLE customer_rfm ADD COLUMN days integer, ADD COLUMN first_day date,
      ADD COLUMN last_day date`,
    `UPDATE segment_recompute_state SET full_pass_day = NULL`,
  ]);
}
