import { randomUUID } from 'node:crypto';
import type { EpochMs } from '../calendar/day-number.ts';
import { lotInstants } from '../ledger/instants.ts';
import { accrualPosting } from '../ledger/postings.ts';
import type { ProgramSettings } from '../ledger/program-settings.ts';
import type { Db } from '../store/database.ts';
import type { AccountBalance } from './accounts.ts';
import { ledgerOperation } from './ledger-operation.ts';
import type { OperationOutcome } from './operations.ts';
import type { PointsFrame } from './points-frame.ts';
import { requirePoints, requireText } from './points-input.ts';
import { getProgramSettings } from './program-settings-store.ts';

export interface AccrueInput {
  operationId: string;
  customerId: string;
  purchaseId: string;
  /** Points the purchase accrues (the pure `accrue(...).points`), whole, ≥ 0. */
  points: number;
  /** When the purchase was made, epoch ms: the lot's instants count from it. */
  earnedAt: EpochMs;
  /** Processing time, epoch ms. */
  now: EpochMs;
  /** The programme settings when the caller has them already (read otherwise). */
  settings?: ProgramSettings;
}

/** A lot an operation created, instants in epoch ms (`expiresAt` null: never expires). */
export interface CreatedLot {
  lotId: string;
  points: number;
  activatesAt: EpochMs;
  expiresAt: EpochMs | null;
}

export interface AccrueResult {
  /** Null when the purchase accrued nothing. */
  lot: CreatedLot | null;
  balance: AccountBalance;
}

/**
 * Books a purchase's accrual in the caller's transaction: a new lot whose activation and expiry
 * come from {@link lotInstants} and the programme settings, and an `accrual_pending` entry; with
 * no return period (`pendingDays` 0) the lot is activated at once by an `activation` entry at
 * `earnedAt`. Idempotent under `operationId`. Refusals: `invalid_points`, `required` (400),
 * `customer_not_found` (404), `customer_merged`, `operation_conflict` (409).
 */
export async function accruePoints(
  trx: Db,
  input: AccrueInput,
): Promise<OperationOutcome<AccrueResult>> {
  const { operationId, customerId, purchaseId, points, earnedAt, now } = input;
  requirePoints(points, '/points', 0);
  requireText(purchaseId, '/purchaseId');
  const request = { purchaseId, points, earnedAt };
  const settings = input.settings ?? (await getProgramSettings(trx));
  return ledgerOperation(
    trx,
    { operationId, kind: 'accrue', customerId, now, input: request },
    (frame) => accrueInFrame(frame, { ...input, settings }),
  );
}

/**
 * {@link accruePoints} planned on an open frame (the caller records and writes it): the lot is
 * activated at once when already due at the frame's time (no return period, or a late upload).
 */
export function accrueInFrame(
  frame: PointsFrame,
  input: Omit<AccrueInput, 'customerId' | 'now'> & { settings: ProgramSettings },
): AccrueResult {
  const { operationId, purchaseId, points, earnedAt, settings } = input;
  if (points === 0) return { lot: null, balance: frame.balance() };
  const instants = lotInstants(earnedAt, settings);
  const lotId = randomUUID();
  frame.addLot({
    lotId,
    customerId: frame.customerId,
    source: 'purchase',
    purchaseId,
    reason: null,
    earnedAt,
    ...instants,
    amount: points,
    activated: false,
    operationKey: operationId,
  });
  const lot = { lotId, earnedAt, ...instants, amount: points, remaining: 0 };
  frame.post(operationId, [accrualPosting(lot, purchaseId)]);
  if (instants.activatesAt <= frame.now) frame.activate(lotId);
  return { lot: { lotId, points, ...instants }, balance: frame.balance() };
}
