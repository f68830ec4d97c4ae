import { notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The purchase a path names: Perk's purchase id (`purchaseId` of every receipt), or else the
 * till's own `transactionId` of a purchase committed with the calling API key — transaction ids
 * are unique per key, so this is exact. Perk's id is tried first, so a till whose transaction ids
 * are UUIDs is still understood (two random UUIDs do not meet). 404 `purchase_not_found`.
 */
export async function resolvePurchaseId(
  db: Db,
  reference: string,
  keyId: string | null,
): Promise<string> {
  if (uuidPattern.test(reference)) {
    const byId = await db
      .selectFrom('purchases')
      .select('id')
      .where('id', '=', reference.toLowerCase())
      .executeTakeFirst();
    if (byId) return byId.id;
  }
  const byTransaction = keyId
    ? await db
        .selectFrom('purchases')
        .select('id')
        .where('integration_key_id', '=', keyId)
        .where('transaction_id', '=', reference)
        .executeTakeFirst()
    : undefined;
  if (byTransaction) return byTransaction.id;
  throw notFound(
    'purchase_not_found',
    `No purchase with id "${reference}", nor with that transactionId from this API key`,
    '/id',
  );
}
