import type { EpochMs } from '../calendar/day-number.ts';
import { takeBackPostings } from '../ledger/postings.ts';
import type { ReturnPolicyWhenSpent } from '../ledger/program-settings.ts';
import { planTakeBack, type TakeBackDraw } from '../ledger/take-back.ts';
import type { Db } from '../store/database.ts';
import type { AccountBalance } from './accounts.ts';
import { ledgerOperation } from './ledger-operation.ts';
import { plannedLot } from './lot-rows.ts';
import type { OperationOutcome } from './operations.ts';
import type { PointsFrame } from './points-frame.ts';
import { requirePoints, requireText } from './points-input.ts';
import { getProgramSettings } from './program-settings-store.ts';

export interface TakeBackInput {
  operationId: string;
  customerId: string;
  /** The purchase whose accrued points a return takes back. */
  purchaseId: string;
  /** Points to take back (the pure `planReturn(...).takeBackPoints`), whole, ≥ 1. */
  points: number;
  /** Business time of the return, epoch ms. */
  now: EpochMs;
}

export interface TakeBackResult {
  takenPoints: number;
  /** `negative_balance`: points the customer now owes. */
  debtPoints: number;
  /** `deduct_available`: points that could not be taken and are written off (no entry). */
  unrecoverablePoints: number;
  draws: TakeBackDraw[];
  balance: AccountBalance;
}

/**
 * Takes back points a purchase accrued, on its return, in the caller's transaction: first from
 * the purchase's own lots, then from the customer's other active lots ({@link planTakeBack});
 * when too few are left the programme's `returnPolicyWhenSpent` decides between a debt (the
 * balance goes negative) and writing the shortfall off. Refusals: `invalid_points`, `required`
 * (400), `customer_not_found` (404), `customer_merged`, `operation_conflict` (409).
 */
export async function takeBackPoints(
  trx: Db,
  input: TakeBackInput,
): Promise<OperationOutcome<TakeBackResult>> {
  const { operationId, customerId, purchaseId, points, now } = input;
  requirePoints(points);
  requireText(purchaseId, '/purchaseId');
  const request = { purchaseId, points };
  const { returnPolicyWhenSpent } = await getProgramSettings(trx);
  return ledgerOperation(
    trx,
    { operationId, kind: 'take_back', customerId, now, input: request, spends: true },
    (frame) => takeBackInFrame(trx, frame, { ...input, returnPolicyWhenSpent }),
  );
}

/** {@link takeBackPoints} planned on an open frame (the caller records and writes it). */
export async function takeBackInFrame(
  trx: Db,
  frame: PointsFrame,
  input: Omit<TakeBackInput, 'customerId'> & { returnPolicyWhenSpent: ReturnPolicyWhenSpent },
): Promise<TakeBackResult> {
  const { operationId, purchaseId, points, now } = input;
  const rows = await frame.openLots(trx);
  const own = rows.filter((row) => row.source === 'purchase' && row.purchase_id === purchaseId);
  const lots = rows.map((row) => plannedLot(row, now));
  const plan = planTakeBack(
    lots,
    own.map((row) => row.id),
    points,
    now,
    input.returnPolicyWhenSpent,
  );
  frame.post(operationId, takeBackPostings(plan, purchaseId, now));
  const { takenPoints, debtPoints, unrecoverablePoints, draws } = plan;
  return { takenPoints, debtPoints, unrecoverablePoints, draws, balance: frame.balance() };
}
