import type { Db } from '../store/database.ts';
import { decodeCursor, encodeCursor, historyOwnerId } from '../store/history-page.ts';
import type { PurchaseReceipt } from './purchase-receipt.ts';

/**
 * A customer's purchases, newest first, paged by an opaque cursor (`nextBefore`). A merged-away
 * id lists the survivor's history, which holds its purchases. `customer_not_found` (404),
 * `invalid_cursor` (400).
 */
export async function listCustomerPurchases(
  db: Db,
  customerId: string,
  page: { limit: number; before?: string | undefined },
): Promise<{ items: PurchaseReceipt[]; nextBefore: string | null }> {
  const ownerId = await historyOwnerId(db, customerId);
  let query = db
    .selectFrom('purchases')
    .select(['id', 'business_at', 'response'])
    .where('customer_id', '=', ownerId)
    .orderBy('business_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.before) {
    const { at, id } = decodeCursor(page.before);
    query = query.where((eb) =>
      eb.or([eb('business_at', '<', at), eb.and([eb('business_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await query.execute();
  const last = rows.at(-1);
  return {
    items: rows.map((row) => row.response as PurchaseReceipt),
    nextBefore: rows.length === page.limit && last ? encodeCursor(last.business_at, last.id) : null,
  };
}
