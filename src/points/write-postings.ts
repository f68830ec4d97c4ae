import type { Posting } from '../ledger/postings.ts';
import { balanceFromEntries, checkPosting, remainingByLot } from '../ledger/postings.ts';
import type { Db } from '../store/database.ts';
import type { AccountBalance } from './accounts.ts';
import { insufficientPoints } from './accounts.ts';

/**
 * Writes `postings` for `customerId` in the caller's transaction, keeping everything in step:
 * the entries are appended, the account moves by their net effect, and each lot's `remaining`
 * by what its entries add or take. The caller holds the account lock. A lot update is guarded
 * (`remaining + change >= 0`), so a burn planned on a stale view is refused with
 * `insufficient_points` instead of overdrawing. Answers the account after the change.
 */
export async function writePostings(
  trx: Db,
  customerId: string,
  operationKey: string | null,
  postings: readonly Posting[],
): Promise<AccountBalance> {
  for (const posting of postings) {
    const problems = checkPosting(posting);
    // The builders make only allowed moves; a problem here is a bug, not a refusal.
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  }
  if (postings.length > 0) {
    await trx
      .insertInto('points_entries')
      .values(postings.map((p) => entryRow(customerId, operationKey, p)))
      .execute();
  }
  for (const [lotId, change] of remainingByLot(postings)) {
    if (change === 0) continue;
    const updated = await trx
      .updateTable('points_lots')
      .set((eb) => ({ remaining: eb('remaining', '+', change) }))
      .where('id', '=', lotId)
      .where('customer_id', '=', customerId)
      .where((eb) => eb(eb('remaining', '+', change), '>=', 0))
      .returning('id')
      .executeTakeFirst();
    if (updated === undefined) throw insufficientPoints(-change, 0);
  }
  // Entries sum up, so the balance of the new entries alone is the change of the account.
  const delta = balanceFromEntries(postings);
  return trx
    .updateTable('points_accounts')
    .set((eb) => ({
      active: eb('active', '+', delta.active),
      pending: eb('pending', '+', delta.pending),
      debt: eb('debt', '+', delta.debt),
      updated_at: new Date(),
    }))
    .where('customer_id', '=', customerId)
    .returning(['active', 'pending', 'debt'])
    .executeTakeFirstOrThrow();
}

function entryRow(customerId: string, operationKey: string | null, posting: Posting) {
  return {
    customer_id: customerId,
    kind: posting.kind,
    from_account: posting.from,
    to_account: posting.to,
    points: posting.points,
    effective_at: new Date(posting.effectiveAt),
    lot_id: posting.lotId ?? null,
    purchase_id: posting.purchaseId ?? null,
    operation_key: operationKey,
    reason: posting.reason ?? null,
  };
}
