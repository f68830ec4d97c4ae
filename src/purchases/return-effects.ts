import { onPurchaseReturned as regressCampaigns } from '../campaigns/purchase-progress.ts';
import { currentBalance } from '../points/accounts.ts';
import { restorePoints } from '../points/restore-points.ts';
import { takeBackPoints } from '../points/take-back-points.ts';
import { onPurchaseChanged } from '../segments/on-purchase-changed.ts';
import type { Db } from '../store/database.ts';
import { onPurchaseReturned } from '../tiers/tier-transitions.ts';
import type { ReturnReceipt } from './return-purchase.ts';

/**
 * A return's points, in the return's transaction: the redeemed points on the returned units go
 * back to the lots they came from, and the accrued ones are taken back under the programme's
 * policy for points already spent. An anonymous purchase has none.
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
  },
): Promise<{
  settled: { debtPoints: number; unrecoverablePoints: number };
  balance: ReturnReceipt['balance'];
}> {
  const { customerId, purchaseId, at } = input;
  const settled = { debtPoints: 0, unrecoverablePoints: 0 };
  if (!customerId) return { settled, balance: null };
  // Each points operation locks the account itself.
  if (input.giveBackPoints > 0) {
    await restorePoints(trx, {
      operationId: input.operation('restore'),
      customerId,
      purchaseId,
      points: input.giveBackPoints,
      now: at,
    });
  }
  if (input.takeBackPoints > 0) {
    const taken = await takeBackPoints(trx, {
      operationId: input.operation('take-back'),
      customerId,
      purchaseId,
      points: input.takeBackPoints,
      now: at,
    });
    settled.debtPoints = taken.result.debtPoints;
    settled.unrecoverablePoints = taken.result.unrecoverablePoints;
  }
  return { settled, balance: await currentBalance(trx, customerId) };
}

/**
 * What else a return changes for the customer, once its rows are written (they count the
 * refund): segment aggregates, campaign rewards the returned purchase had earned, and the tier.
 * The outcomes are added to the stored receipt.
 */
export async function followReturn(
  trx: Db,
  input: { customerId: string; purchaseId: string; receipt: ReturnReceipt; now: Date },
): Promise<void> {
  const { customerId, purchaseId, receipt, now } = input;
  const businessAt = Date.parse(receipt.businessAt);
  await onPurchaseChanged(trx, { customerId, purchaseId, now });
  receipt.campaignRewardsRevoked = await regressCampaigns(trx, {
    customerId,
    purchaseId,
    now: businessAt,
  });
  receipt.tier = await onPurchaseReturned(trx, {
    customerId,
    purchaseId,
    businessAt,
    now: now.getTime(),
  });
  await trx
    .updateTable('purchase_returns')
    .set({ response: JSON.stringify(receipt) })
    .where('purchase_id', '=', purchaseId)
    .where('return_id', '=', receipt.returnId)
    .execute();
}
