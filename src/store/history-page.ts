import { invalid, notFound } from '../errors.ts';
import type { Db } from './database.ts';

/**
 * Keyset paging of a customer's history, newest first: the cursor (`nextBefore`) is the last
 * row's instant and id, opaque to clients. Purchases and logged calculations page this way.
 */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor's instant and id; `invalid_cursor` (400) for one this API did not give. */
export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  // The id is checked too, so a tampered cursor is a 400 rather than an error from the database.
  if (!id || !uuidPattern.test(id) || Number.isNaN(at.getTime()))
    throw invalid('invalid_cursor', 'The cursor is not one this API gave', '/before');
  return { at, id };
}

/**
 * The customer whose rows make up `customerId`'s history: itself, or for a merged-away id the
 * survivor, which holds its rows. `customer_not_found` (404).
 */
export async function historyOwnerId(db: Db, customerId: string): Promise<string> {
  const customer = await db
    .selectFrom('customers')
    .select(['id', 'merged_into'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw notFound('customer_not_found', `No customer with id "${customerId}"`, '/id');
  return customer.merged_into ?? customer.id;
}
