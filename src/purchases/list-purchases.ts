import { invalid, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
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
  const customer = await db
    .selectFrom('customers')
    .select(['id', 'merged_into'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw notFound('customer_not_found', `No customer with id "${customerId}"`, '/id');
  let query = db
    .selectFrom('purchases')
    .select(['id', 'business_at', 'response'])
    .where('customer_id', '=', customer.merged_into ?? customer.id)
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

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime()))
    throw invalid('invalid_cursor', 'The cursor is not one this API gave', '/before');
  return { at, id };
}
