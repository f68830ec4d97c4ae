import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A generated code remembers the batch that made it (the caller's batchId), so one mailing's
 * codes can be exported alone. Codes made otherwise (issued to a customer, a promo code) and
 * codes generated before this migration have none: a batch recorded only its counts, so which
 * codes it made cannot be told afterwards.
 *
 * The series index becomes (series_id, batch_id, code) instead of gaining a sibling: a third
 * index on random codes made generating a million codes take about 1.5 times as long, while this
 * one still serves every series count and scan, and the export walks it batch by batch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `ALTER TABLE coupons ADD COLUMN batch_id text`,
    `CREATE INDEX coupons_series_batch_idx ON coupons (series_id, batch_id, code)`,
    `DROP INDEX coupons_series_idx`,
  ]);
}
