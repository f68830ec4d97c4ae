import type { EpochMs } from '../ledger/local-date.ts';
import type { Db } from '../store/database.ts';
import { type AccountBalance, customerMerged, lockAccount, shareCustomer } from './accounts.ts';
import { applyDueTransitions } from './due-transitions.ts';
import { type OperationOutcome, runOnce } from './operations.ts';
import './merge-points.ts';

export interface LedgerOperation {
  /** Idempotency key of the caller. */
  operationId: string;
  /** `accrue`, `redeem`, …: part of the input hash. */
  kind: string;
  customerId: string;
  /** Business time of the operation, epoch ms: entries are dated at it. */
  now: EpochMs;
  /**
   * The request as the caller made it; equal inputs under one key are a replay. `now` is left
   * out of the hash on purpose: a retry is usually sent later.
   */
  input: unknown;
}

/**
 * The frame of every points operation, inside the caller's transaction `trx`: the customer must
 * exist (`customer_not_found`, 404) and not be merged away (`customer_merged`, 409); the key is
 * claimed ({@link runOnce}: a replay answers the stored result, another input under the same key
 * is `operation_conflict`, 409); the account is locked; due activations and expiries are booked
 * first, so `work` plans on the balance as it stands at `now`.
 */
export async function ledgerOperation<T>(
  trx: Db,
  operation: LedgerOperation,
  work: (account: AccountBalance) => Promise<T>,
): Promise<OperationOutcome<T>> {
  const { operationId, kind, customerId, now, input } = operation;
  const mergedInto = await shareCustomer(trx, customerId);
  const spec = { key: operationId, kind, customerId, input: { customerId, input } };
  return runOnce(trx, spec, async () => {
    if (mergedInto !== null) throw customerMerged(customerId, mergedInto);
    await lockAccount(trx, customerId);
    await applyDueTransitions(trx, customerId, now);
    // Read again after the transitions: they may have moved points between accounts.
    return work(await lockAccount(trx, customerId));
  });
}
