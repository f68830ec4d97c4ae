import { notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';

/**
 * The live customer whose points `customerId` shows: itself, or the survivor it was merged into
 * (a merge repoints earlier merges, so one step always reaches a live one).
 * `customer_not_found` (404) for an unknown id.
 */
export async function pointsOwner(db: Db, customerId: string): Promise<string> {
  const row = await db
    .selectFrom('customers')
    .select('merged_into')
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!row) throw notFound('customer_not_found', `No customer with id "${customerId}"`, '/id');
  return row.merged_into ?? customerId;
}

/** The ids whose entries belong to `ownerId`: itself and every customer merged into it. */
export function ownedCustomerIds(db: Db, ownerId: string) {
  return db
    .selectFrom('customers')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', ownerId), eb('merged_into', '=', ownerId)]));
}
