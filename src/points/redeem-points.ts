import type { EpochMs } from '../calendar/day-number.ts';
import { type LotDraw, planBurn } from '../ledger/lots.ts';
import { redemptionPostings } from '../ledger/postings.ts';
import type { Db } from '../store/database.ts';
import { type AccountBalance, insufficientPoints } from './accounts.ts';
import { ledgerOperation } from './ledger-operation.ts';
import { type LotRow, plannedLot } from './lot-rows.ts';
import type { OperationOutcome } from './operations.ts';
import type { PointsFrame } from './points-frame.ts';
import { requirePoints, requireText } from './points-input.ts';

export interface RedeemInput {
  operationId: string;
  customerId: string;
  purchaseId: string;
  /** Points to spend, whole, ≥ 1 (already checked against the check's limit by the caller). */
  points: number;
  /** Business time of the purchase, epoch ms: the entries' `effective_at`. */
  now: EpochMs;
}

export interface RedeemResult {
  points: number;
  /** The lots burned, in burn order: what a return gives back to. */
  draws: LotDraw[];
  balance: AccountBalance;
}

/**
 * Spends points in the caller's transaction. The account is locked (`SELECT … FOR UPDATE`), so
 * two tills spending one balance queue; the spendable balance is the account's `active` (net of
 * any debt); lots burn in spending order ({@link planBurn}: soonest expiry first, then oldest),
 * each by a guarded `UPDATE … WHERE remaining + change >= 0`. Refusals: `invalid_points`,
 * `required` (400), `customer_not_found` (404), `insufficient_points` (409, `available` in the
 * details), `customer_merged`, `operation_conflict` (409).
 */
export async function redeemPoints(
  trx: Db,
  input: RedeemInput,
): Promise<OperationOutcome<RedeemResult>> {
  const { operationId, customerId, purchaseId, points, now } = input;
  requirePoints(points);
  requireText(purchaseId, '/purchaseId');
  const request = { purchaseId, points };
  return ledgerOperation(
    trx,
    { operationId, kind: 'redeem', customerId, now, input: request, spends: points },
    (frame) => redeemInFrame(trx, frame, input),
  );
}

/** {@link redeemPoints} planned on an open frame (the caller records and writes it). */
export async function redeemInFrame(
  trx: Db,
  frame: PointsFrame,
  input: Omit<RedeemInput, 'customerId'>,
): Promise<RedeemResult> {
  const { operationId, purchaseId, points, now } = input;
  const { active } = frame.balance();
  if (points > active) throw insufficientPoints(points, active);
  const planOn = (rows: LotRow[]) =>
    planBurn(
      rows.map((row) => plannedLot(row, now)),
      points,
      now,
    );
  let plan = planOn(await frame.lotsToDraw(trx, points));
  if (!plan.ok && !frame.complete) plan = planOn(await frame.openLots(trx));
  if (!plan.ok) throw insufficientPoints(points, Math.min(plan.available, active));
  frame.post(operationId, redemptionPostings(plan.draws, purchaseId, now));
  return { points, draws: plan.draws, balance: frame.balance() };
}
