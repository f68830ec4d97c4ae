import { type RawBuilder, sql } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import { balance } from '../ledger/lots.ts';
import type { Db } from '../store/database.ts';
import { type AccountBalance, currentBalance } from './accounts.ts';
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

/**
 * The customer's balance at `now` (epoch ms) without reading every lot: the account as booked,
 * moved by the activations and expiries due by `now` but not booked yet (those lots alone are
 * read, through the due indexes). So a customer with a thousand open lots costs what one with a
 * single lot does. `customerId` is a live customer (not merged away); zeros when it has no points.
 */
export async function dueBalance(
  db: Db,
  customerId: string,
  now: EpochMs,
): Promise<AccountBalance> {
  const { rows } = await sql<DueBalanceRow>`
    SELECT ${dueBalanceColumns(sql`${customerId}`, new Date(now))}
    FROM (SELECT 1) AS one LEFT JOIN points_accounts a ON a.customer_id = ${customerId}`.execute(
    db,
  );
  return balanceOfRow(rows[0]);
}

/** The columns {@link dueBalanceColumns} adds to a row. */
export interface DueBalanceRow {
  active: number | null;
  pending: number | null;
  debt: number | null;
  due: { remaining: number; activated: boolean; activates: boolean; expires: boolean }[];
}

/**
 * {@link dueBalance}'s columns, for a statement that also reads other things of the customer
 * `owner` (an SQL expression) and joins their account as `a`: the account as booked and the lots
 * due to activate or expire by `at`.
 */
export function dueBalanceColumns(owner: RawBuilder<unknown>, at: Date): RawBuilder<unknown> {
  return sql`a.active, a.pending, a.debt,
      coalesce((SELECT json_agg(json_build_object('remaining', l.remaining,
          'activated', l.activated, 'activates', l.activates_at <= ${at},
          'expires', coalesce(l.expires_at <= ${at}, false)))
        FROM points_lots l WHERE l.customer_id = ${owner}
          AND ((NOT l.activated AND l.activates_at <= ${at})
            OR (l.remaining > 0 AND l.expires_at <= ${at}))), '[]') AS due`;
}

/** The balance a row of {@link dueBalanceColumns} gives: the account moved by its due lots. */
export function balanceOfRow(row: DueBalanceRow | undefined): AccountBalance {
  const balance = {
    active: Number(row?.active ?? 0),
    pending: Number(row?.pending ?? 0),
    debt: Number(row?.debt ?? 0),
  };
  for (const lot of row?.due ?? []) {
    const remaining = Number(lot.remaining);
    // Activation first: a lot due both to activate and to expire goes pending → active → world.
    if (!lot.activated && lot.activates) {
      balance.pending -= remaining;
      balance.active += remaining;
    }
    if (lot.expires) balance.active -= remaining;
  }
  return balance;
}
