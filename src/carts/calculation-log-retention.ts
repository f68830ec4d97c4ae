import type { Db } from '../store/database.ts';
import { deleteInBatches } from '../store/delete-in-batches.ts';

const dayMs = 86_400_000;

/**
 * Deletes logged calculations created more than `retentionDays` days before `now`, `batchSize`
 * rows per statement so a large backlog never holds long locks; rows another node is deleting at
 * the same moment are skipped. Returns how many rows this call deleted.
 */
export async function deleteExpiredCalculations(
  db: Db,
  now: Date,
  retentionDays: number,
  batchSize = 5_000,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * dayMs);
  return deleteInBatches(batchSize, (limit) =>
    db
      .deleteFrom('calculation_log')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('calculation_log')
          .select('id')
          .where('created_at', '<', cutoff)
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .executeTakeFirst(),
  );
}
