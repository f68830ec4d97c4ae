import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import type { EpochMs } from '../calendar/day-number.ts';
import { invalid } from '../errors.ts';
import { expiryInstant } from '../ledger/instants.ts';
import { type LotDraw, planBurn } from '../ledger/lots.ts';
import { adjustmentPostings } from '../ledger/postings.ts';
import type { ProgramSettings } from '../ledger/program-settings.ts';
import type { Db } from '../store/database.ts';
import { type AccountBalance, insufficientPoints } from './accounts.ts';
import { ledgerOperation } from './ledger-operation.ts';
import { plannedLot } from './lot-rows.ts';
import type { OperationOutcome } from './operations.ts';
import type { PointsFrame } from './points-frame.ts';
import { requireText } from './points-input.ts';
import { getProgramSettings } from './program-settings-store.ts';

export interface AdjustInput {
  operationId: string;
  customerId: string;
  /** Points to credit (> 0) or debit (< 0); whole, never 0. */
  points: number;
  /** Why, as the operator wrote it (ticket number, complaint): kept on the entries. */
  reason: string;
  now: EpochMs;
}

export interface AdjustResult {
  points: number;
  /** The new lot of a credit; null for a debit. */
  lotId: string | null;
  /** The lots a debit took from, in spending order. */
  draws: LotDraw[];
  balance: AccountBalance;
}

/**
 * A manual correction by an operator, in the caller's transaction, audited as `points.adjust`.
 * A credit is a new lot, spendable at once and expiring as the programme's points do; a debit
 * burns active lots in spending order and never takes more than the spendable balance.
 * Refusals: `invalid_points`, `required` (400), `customer_not_found` (404),
 * `insufficient_points`, `customer_merged`, `operation_conflict` (409).
 */
export async function adjustPoints(
  trx: Db,
  actor: Actor,
  input: AdjustInput,
): Promise<OperationOutcome<AdjustResult>> {
  const { operationId, customerId, points, reason, now } = input;
  if (!Number.isSafeInteger(points) || points === 0) {
    throw invalid(
      'invalid_points',
      `points must be a whole number other than 0, got ${points}`,
      '/points',
    );
  }
  requireText(reason, '/reason');
  const request = { points, reason };
  const settings = await getProgramSettings(trx);
  return ledgerOperation(
    trx,
    { operationId, kind: 'adjust', customerId, now, input: request, spends: points < 0 },
    async (frame) => {
      const change = points > 0 ? credit(frame, input, settings) : await debit(trx, frame, input);
      frame.post(operationId, change.postings);
      const result = { points, lotId: change.lotId, draws: change.draws, balance: frame.balance() };
      await recordAudit(trx, actor, {
        action: 'points.adjust',
        entityType: 'customer',
        entityId: customerId,
        after: { operationId, reason, ...result },
      });
      return result;
    },
  );
}

function credit(
  frame: PointsFrame,
  input: AdjustInput,
  { expiry, timeZone }: Pick<ProgramSettings, 'expiry' | 'timeZone'>,
) {
  const lotId = randomUUID();
  frame.addLot({
    lotId,
    customerId: input.customerId,
    source: 'adjustment',
    purchaseId: null,
    reason: input.reason,
    earnedAt: input.now,
    activatesAt: input.now,
    expiresAt: expiry === null ? null : expiryInstant(input.now, expiry, timeZone),
    amount: input.points,
    activated: true,
    operationKey: input.operationId,
  });
  const draws = [{ lotId, points: input.points }];
  return { lotId, draws, postings: adjustmentPostings('credit', draws, input.now, input.reason) };
}

async function debit(trx: Db, frame: PointsFrame, input: AdjustInput) {
  const points = -input.points;
  const { active } = frame.balance();
  if (points > active) throw insufficientPoints(points, active);
  const lots = (await frame.openLots(trx)).map((row) => plannedLot(row, input.now));
  const plan = planBurn(lots, points, input.now);
  if (!plan.ok) throw insufficientPoints(points, plan.available);
  const postings = adjustmentPostings('debit', plan.draws, input.now, input.reason);
  return { lotId: null, draws: plan.draws, postings };
}
