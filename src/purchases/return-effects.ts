import type { ProgramSettings } from '../ledger/program-settings.ts';
import { operationHash } from '../points/operations.ts';
import { PointsFrame } from '../points/points-frame.ts';
import { restoreInFrame } from '../points/restore-points.ts';
import { takeBackInFrame } from '../points/take-back-points.ts';
import type { Db } from '../store/database.ts';
import type { PurchaseHandler, ReturnEvent } from './purchase-handler.ts';
import type { ReturnReceipt } from './return-receipt.ts';

/**
 * A return's points, in the return's transaction, on one frame of the customer's points (the
 * account locked once): the redeemed points on the returned units go back to the lots they came
 * from, and the accrued ones are taken back under the programme's policy for points already
 * spent; both recorded as operations and written in one statement. An anonymous purchase has none.
 */
export async function settleReturnedPoints(
  trx: Db,
  input: {
    customerId: string | null;
    purchaseId: string;
    takeBackPoints: number;
    giveBackPoints: number;
    operation: (part: string) => string;
    at: number;
    settings: ProgramSettings;
  },
): Promise<{
  settled: { debtPoints: number; unrecoverablePoints: number };
  balance: ReturnReceipt['balance'];
}> {
  const { customerId, purchaseId, at } = input;
  const settled = { debtPoints: 0, unrecoverablePoints: 0 };
  if (!customerId) return { settled, balance: null };
  const frame = await PointsFrame.open(trx, customerId, at, input.takeBackPoints > 0);
  const record = (kind: string, key: string, points: number, result: unknown) =>
    frame.record(
      {
        key,
        kind,
        inputHash: operationHash(kind, { customerId, input: { purchaseId, points } }),
        claimed: false,
      },
      result,
    );
  if (input.giveBackPoints > 0) {
    const operationId = input.operation('restore');
    const points = input.giveBackPoints;
    const restored = await restoreInFrame(trx, frame, { operationId, purchaseId, points, now: at });
    record('restore', operationId, points, restored);
  }
  if (input.takeBackPoints > 0) {
    const operationId = input.operation('take-back');
    const points = input.takeBackPoints;
    const taken = await takeBackInFrame(trx, frame, {
      operationId,
      purchaseId,
      points,
      now: at,
      returnPolicyWhenSpent: input.settings.returnPolicyWhenSpent,
    });
    record('take_back', operationId, points, taken);
    settled.debtPoints = taken.debtPoints;
    settled.unrecoverablePoints = taken.unrecoverablePoints;
  }
  return { settled, balance: await frame.write(trx) };
}

/**
 * What else a return changes for the customer, once its rows are written (they count the
 * refund): each handler's `returned` in list order (segment aggregates, the tier, campaign
 * rewards the returned purchase had earned). The outcomes are added to the stored receipt.
 */
export async function followReturn(
  trx: Db,
  input: Omit<ReturnEvent, 'businessAt' | 'now'> & {
    now: Date;
    handlers: readonly PurchaseHandler[];
  },
): Promise<void> {
  const { receipt, handlers } = input;
  const event: ReturnEvent = {
    purchaseId: input.purchaseId,
    customerId: input.customerId,
    programme: input.programme,
    businessAt: Date.parse(receipt.businessAt),
    now: input.now.getTime(),
    receipt,
  };
  for (const handler of handlers) await handler.returned?.(trx, event);
  await trx
    .updateTable('purchase_returns')
    .set({ response: JSON.stringify(receipt) })
    .where('purchase_id', '=', input.purchaseId)
    .where('return_id', '=', receipt.returnId)
    .execute();
}
