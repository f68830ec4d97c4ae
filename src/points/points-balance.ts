import type { EpochMs } from '../ledger/local-date.ts';
import { balance } from '../ledger/lots.ts';
import type { Db } from '../store/database.ts';
import { currentBalance } from './accounts.ts';
import { pointsOwner } from './customer-owner.ts';
import { lotOf, openLots } from './lot-rows.ts';

export interface PointsBalanceView {
  /** The live customer the balance belongs to (the survivor for a merged-away id). */
  customerId: string;
  /** Spendable now, net of debt (negative while the customer owes points). */
  active: number;
  /** Earned, spendable after the return period. */
  pending: number;
  /** Points owed after returns of spent points. */
  debt: number;
  /** Active points expiring within `soonDays`, by expiry instant (epoch ms), soonest first. */
  expiringSoon: { at: EpochMs; points: number }[];
}

/**
 * A customer's points at `now` as a till or the customer sees them. Read from the lots by the
 * clock, so an activation or expiry that is due but not yet booked already counts; when every
 * transition is booked this equals the `points_accounts` row. `customer_not_found` (404).
 */
export async function getPointsBalance(
  db: Db,
  customerId: string,
  now: EpochMs,
  soonDays: number,
): Promise<PointsBalanceView> {
  const owner = await pointsOwner(db, customerId);
  const [account, rows] = await Promise.all([currentBalance(db, owner), openLots(db, owner)]);
  const fromLots = balance(rows.map(lotOf), now, soonDays);
  return {
    customerId: owner,
    // The lots hold the debt's points too: what is spendable is what they hold less the debt.
    active: fromLots.active - account.debt,
    pending: fromLots.pending,
    debt: account.debt,
    expiringSoon: fromLots.expiringSoon,
  };
}
