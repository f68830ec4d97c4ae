/**
 * Runs `deleteBatch(limit)` until a batch deletes fewer than `batchSize` rows: a large backlog is
 * deleted a batch per statement, so no statement holds long locks. Answers the rows deleted.
 */
export async function deleteInBatches(
  batchSize: number,
  deleteBatch: (limit: number) => Promise<{ numDeletedRows: bigint }>,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const count = Number((await deleteBatch(batchSize)).numDeletedRows);
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
