import { randomUUID } from 'node:crypto';
import type { EpochMs } from '../calendar/day-number.ts';
import { invalid } from '../errors.ts';
import { lotInstants } from '../ledger/instants.ts';
import { bonusPosting } from '../ledger/postings.ts';
import type { Expiry } from '../ledger/program-settings.ts';
import type { Db } from '../store/database.ts';
import type { AccrueResult } from './accrue-points.ts';
import { ledgerOperation } from './ledger-operation.ts';
import type { OperationOutcome } from './operations.ts';
import { requirePoints, requireText } from './points-input.ts';
import { getProgramSettings } from './program-settings-store.ts';

export interface BonusInput {
  operationId: string;
  customerId: string;
  kind: 'welcome_bonus' | 'campaign_bonus';
  points: number;
  /** Which campaign or tier gave it (`tier:gold`, `birthday-2026`): kept on the lot and entry. */
  reason: string;
  /** When the bonus was earned, epoch ms. */
  earnedAt: EpochMs;
  /** Days before it is spendable; 0 (the default) makes it spendable at once. */
  pendingDays?: number;
  /** Its own validity ("birthday bonus valid 7 days"); null never expires; absent: the programme's. */
  expiry?: Expiry | null;
  now: EpochMs;
}

/**
 * Grants a welcome or campaign bonus in the caller's transaction: a lot of its own with its own
 * validity, counted from when it becomes spendable, and a `welcome_bonus`/`campaign_bonus`
 * entry into `active` (or `pending` when it activates later). Refusals: `invalid_points`,
 * `required` (400), `customer_not_found` (404), `customer_merged`, `operation_conflict` (409).
 */
export async function grantBonus(
  trx: Db,
  input: BonusInput,
): Promise<OperationOutcome<AccrueResult>> {
  const { operationId, customerId, kind, points, reason, earnedAt, now } = input;
  requirePoints(points);
  requireText(reason, '/reason');
  const pendingDays = input.pendingDays ?? 0;
  if (!Number.isSafeInteger(pendingDays) || pendingDays < 0) {
    throw invalid('invalid_pending_days', 'pendingDays must be a whole number ≥ 0', '/pendingDays');
  }
  const request = { kind, points, reason, earnedAt, pendingDays, expiry: input.expiry };
  const settings = await getProgramSettings(trx);
  return ledgerOperation(trx, { operationId, kind, customerId, now, input: request }, (frame) => {
    const expiry = input.expiry === undefined ? settings.expiry : input.expiry;
    const instants = lotInstants(earnedAt, { pendingDays, expiry, timeZone: settings.timeZone });
    const lotId = randomUUID();
    const activated = instants.activatesAt <= earnedAt;
    frame.addLot({
      lotId,
      customerId,
      source: kind,
      purchaseId: null,
      reason,
      earnedAt,
      ...instants,
      amount: points,
      activated,
      operationKey: operationId,
    });
    const lot = { lotId, earnedAt, ...instants, amount: points, remaining: 0 };
    frame.post(operationId, [bonusPosting(kind, lot, reason)]);
    if (!activated && instants.activatesAt <= now) frame.activate(lotId);
    return { lot: { lotId, points, ...instants }, balance: frame.balance() };
  });
}
