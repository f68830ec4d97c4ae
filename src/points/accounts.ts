import { sql } from 'kysely';
import { conflict, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';

/** A customer's points as `points_accounts` holds them; `active` is net of `debt`. */
export interface AccountBalance {
  active: number;
  pending: number;
  debt: number;
}

/**
 * Checks the customer exists and holds a key-share lock on its row until the transaction ends,
 * so a merge (which locks customers for update first) cannot move the account away meanwhile.
 * Answers the id it was merged into, or null. `customer_not_found` (404) for an unknown id.
 */
export async function shareCustomer(trx: Db, customerId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('customers')
    .select('merged_into')
    .where('id', '=', customerId)
    .forKeyShare()
    .executeTakeFirst();
  if (!row) throw notFound('customer_not_found', `No customer with id "${customerId}"`, '/id');
  return row.merged_into;
}

/** `customer_merged` (409, `mergedInto` in the details): its points now live with the survivor. */
export function customerMerged(customerId: string, mergedInto: string) {
  return conflict(
    'customer_merged',
    `Customer ${customerId} was merged into ${mergedInto}; use that one instead`,
    '/id',
    { mergedInto },
  );
}

/**
 * Locks the accounts of `customerIds` (`SELECT … FOR UPDATE`) in sorted id order, creating empty
 * ones first, so two transactions touching the same accounts queue instead of deadlocking.
 */
export async function lockAccounts(
  trx: Db,
  customerIds: readonly string[],
): Promise<Map<string, AccountBalance>> {
  const ids = [...new Set(customerIds)].sort();
  await trx
    .insertInto('points_accounts')
    .values(ids.map((customer_id) => ({ customer_id })))
    .onConflict((oc) => oc.column('customer_id').doNothing())
    .execute();
  const rows = await trx
    .selectFrom('points_accounts')
    .select(['customer_id', 'active', 'pending', 'debt'])
    .where('customer_id', 'in', ids)
    .orderBy('customer_id')
    .forUpdate()
    .execute();
  return new Map(rows.map(({ customer_id, ...balance }) => [customer_id, balance]));
}

/**
 * In one statement, the customer row under a key-share lock (so a merge cannot move the account
 * away meanwhile) and its points account under an update lock, created empty when it has none
 * yet. Answers the id it was merged into (its account then left unlocked) and the balance.
 * `customer_not_found` (404) for an unknown id.
 */
export async function lockCustomerAccount(
  trx: Db,
  customerId: string,
): Promise<{ mergedInto: string | null; account: AccountBalance }> {
  const locked = await sql<{ merged_into: string | null } & Partial<AccountBalance>>`
    WITH c AS (SELECT id, merged_into FROM customers WHERE id = ${customerId} FOR KEY SHARE),
    a AS (SELECT active, pending, debt FROM points_accounts
      WHERE customer_id = (SELECT id FROM c WHERE merged_into IS NULL) FOR UPDATE)
    SELECT c.merged_into, a.active, a.pending, a.debt FROM c LEFT JOIN a ON true`.execute(trx);
  const row = locked.rows[0];
  if (!row) throw notFound('customer_not_found', `No customer with id "${customerId}"`, '/id');
  if (row.merged_into !== null) return { mergedInto: row.merged_into, account: zero };
  if (row.active === null || row.active === undefined) {
    // The customer's first points: create the account, then lock it as usual.
    return { mergedInto: null, account: await lockAccount(trx, customerId) };
  }
  const account = {
    active: Number(row.active),
    pending: Number(row.pending),
    debt: Number(row.debt),
  };
  return { mergedInto: null, account };
}

const zero: AccountBalance = { active: 0, pending: 0, debt: 0 };

/** The one account of `customerId`, locked as {@link lockAccounts} does. */
export async function lockAccount(trx: Db, customerId: string): Promise<AccountBalance> {
  const account = (await lockAccounts(trx, [customerId])).get(customerId);
  if (account === undefined) throw new Error(`account of ${customerId} vanished under its lock`);
  return account;
}

/** `insufficient_points` (409) with what could be spent, as a till shows it. */
export function insufficientPoints(requested: number, available: number) {
  return conflict(
    'insufficient_points',
    `${requested} points requested, ${Math.max(0, available)} available`,
    '/points',
    { available: Math.max(0, available) },
  );
}

/** The account as it stands in this transaction (after a lock, or zeros if it has none yet). */
export async function currentBalance(trx: Db, customerId: string): Promise<AccountBalance> {
  const row = await trx
    .selectFrom('points_accounts')
    .select(['active', 'pending', 'debt'])
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row ?? { active: 0, pending: 0, debt: 0 };
}
