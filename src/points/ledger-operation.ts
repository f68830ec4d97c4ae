import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import { customerMerged, shareCustomer } from './accounts.ts';
import { claimOperation, type OperationOutcome } from './operations.ts';
import { PointsFrame } from './points-frame.ts';

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
  /**
   * What the operation draws from lots: `true` for a take-back or debit (every open lot is read
   * at once), the points of a redemption (the lots that cover them), nothing otherwise.
   */
  spends?: boolean | number;
}

/**
 * One points operation on its own, inside the caller's transaction `trx`: the customer must
 * exist (`customer_not_found`, 404) and not be merged away (`customer_merged`, 409); the key is
 * claimed ({@link claimOperation}: a replay answers the stored result, another input under the
 * same key is `operation_conflict`, 409); then `work` plans on a {@link PointsFrame} (account
 * locked, due activations and expiries booked), which writes it all with the result.
 */
export async function ledgerOperation<T>(
  trx: Db,
  operation: LedgerOperation,
  work: (frame: PointsFrame) => Promise<T> | T,
): Promise<OperationOutcome<T>> {
  const { operationId, kind, customerId, now, input } = operation;
  const mergedInto = await shareCustomer(trx, customerId);
  const spec = { key: operationId, kind, customerId, input: { customerId, input } };
  const claim = await claimOperation<T>(trx, spec);
  if (!claim.claimed) return { result: claim.result, replayed: true };
  if (mergedInto !== null) throw customerMerged(customerId, mergedInto);
  const frame = await PointsFrame.open(trx, customerId, now, operation.spends ?? false);
  const result = await work(frame);
  frame.record({ key: operationId, kind, inputHash: claim.inputHash, claimed: true }, result);
  await frame.write(trx);
  return { result, replayed: false };
}
