import type { EpochMs } from '../calendar/day-number.ts';
import { conflict } from '../errors.ts';
import type { LotDraw } from '../ledger/lots.ts';
import { restorePostings } from '../ledger/postings.ts';
import { planRestore } from '../ledger/restore.ts';
import type { Db } from '../store/database.ts';
import type { AccountBalance } from './accounts.ts';
import { ledgerOperation } from './ledger-operation.ts';
import type { OperationOutcome } from './operations.ts';
import type { PointsFrame } from './points-frame.ts';
import { requirePoints, requireText } from './points-input.ts';

export interface RestoreInput {
  operationId: string;
  customerId: string;
  /** The purchase whose redeemed points a return gives back. */
  purchaseId: string;
  /** Points to give back (the pure `planReturn(...).giveBackPoints`), whole, ≥ 1. */
  points: number;
  /** Business time of the return, epoch ms. */
  now: EpochMs;
}

export interface RestoreResult {
  draws: LotDraw[];
  balance: AccountBalance;
}

/**
 * Gives redeemed points back to the lots the purchase burned, last burned first, keeping their
 * expiry ({@link planRestore}), in the caller's transaction. Points given back to a lot that has
 * expired meanwhile are written off at once by an `expiry` entry. Refusals: `invalid_points`,
 * `required` (400), `customer_not_found` (404), `restore_exceeds_redeemed` (409, `restorable` in
 * the details), `customer_merged`, `operation_conflict` (409).
 */
export async function restorePoints(
  trx: Db,
  input: RestoreInput,
): Promise<OperationOutcome<RestoreResult>> {
  const { operationId, customerId, purchaseId, points, now } = input;
  requirePoints(points);
  requireText(purchaseId, '/purchaseId');
  const request = { purchaseId, points };
  return ledgerOperation(
    trx,
    { operationId, kind: 'restore', customerId, now, input: request },
    (frame) => restoreInFrame(trx, frame, input),
  );
}

/** {@link restorePoints} planned on an open frame (the caller records and writes it). */
export async function restoreInFrame(
  trx: Db,
  frame: PointsFrame,
  input: Omit<RestoreInput, 'customerId'>,
): Promise<RestoreResult> {
  const { operationId, purchaseId, points, now } = input;
  const burned = await burnedByPurchase(trx, frame.customerId, purchaseId);
  const restorable = burned.reduce((sum, draw) => sum + draw.points, 0);
  if (points > restorable) {
    throw conflict(
      'restore_exceeds_redeemed',
      `${points} points to give back, but purchase ${purchaseId} has ${restorable} redeemed left`,
      '/points',
      { restorable },
    );
  }
  const draws = planRestore(burned, points);
  await frame.loadLots(
    trx,
    draws.map((draw) => draw.lotId),
  );
  frame.post(operationId, restorePostings(draws, purchaseId, now));
  // A lot that expired meanwhile loses the points given back at once.
  frame.bookDue();
  return { draws, balance: frame.balance() };
}

/**
 * What the purchase burned from each of the customer's lots, in burn order, less what earlier
 * returns gave back. Restorations go to the last burned lots first, so subtracting them lot by
 * lot leaves exactly the draws still to give back.
 */
async function burnedByPurchase(
  trx: Db,
  customerId: string,
  purchaseId: string,
): Promise<LotDraw[]> {
  const rows = await trx
    .selectFrom('points_entries as e')
    .innerJoin('points_lots as l', 'l.id', 'e.lot_id')
    .select(['e.kind', 'e.lot_id', 'e.points'])
    .where('e.purchase_id', '=', purchaseId)
    .where('e.kind', 'in', ['redemption', 'reversal_redemption'])
    // The lot's owner, not the entry's: a merge moves lots but leaves entries where they were.
    .where('l.customer_id', '=', customerId)
    .orderBy('e.id')
    .execute();
  const byLot = new Map<string, number>();
  for (const row of rows) {
    const lotId = row.lot_id as string;
    const sign = row.kind === 'redemption' ? 1 : -1;
    byLot.set(lotId, (byLot.get(lotId) ?? 0) + sign * row.points);
  }
  return [...byLot]
    .filter(([, left]) => left > 0)
    .map(([lotId, left]) => ({ lotId, points: left }));
}
