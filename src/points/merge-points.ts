import type { CustomerMergeHook } from '../customers/merge-hooks.ts';
import type { Db } from '../store/database.ts';
import { type AccountBalance, lockAccounts } from './accounts.ts';

/** What a merge moved: the merged customer's balance and how many of its lots. */
export interface PointsMoved extends AccountBalance {
  lots: number;
}

/**
 * Moves the merged customer's points to the survivor inside the merge's transaction: its lots
 * change owner (keeping their instants and remaining), its balance is added to the survivor's
 * and its account row goes. Entries stay where they were written (they are append-only); they
 * are counted for the survivor through `customers.merged_into`.
 */
export async function movePointsAccount(
  trx: Db,
  ids: { survivorId: string; mergedId: string },
): Promise<PointsMoved> {
  const accounts = await lockAccounts(trx, [ids.survivorId, ids.mergedId]);
  const merged = accounts.get(ids.mergedId) ?? { active: 0, pending: 0, debt: 0 };
  const lots = await trx
    .updateTable('points_lots')
    .set({ customer_id: ids.survivorId })
    .where('customer_id', '=', ids.mergedId)
    .returning('id')
    .execute();
  await trx
    .updateTable('points_accounts')
    .set((eb) => ({
      active: eb('active', '+', merged.active),
      pending: eb('pending', '+', merged.pending),
      debt: eb('debt', '+', merged.debt),
      updated_at: new Date(),
    }))
    .where('customer_id', '=', ids.survivorId)
    .execute();
  await trx.deleteFrom('points_accounts').where('customer_id', '=', ids.mergedId).execute();
  return { ...merged, lots: lots.length };
}

/** Moves the merged customer's points account and lots to the survivor. */
export const pointsMergeHook: CustomerMergeHook = {
  name: 'points',
  moveRows: (trx, merge) => movePointsAccount(trx, merge),
};
