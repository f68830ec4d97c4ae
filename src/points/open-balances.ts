import { randomUUID } from 'node:crypto';
import type { EpochMs } from '../calendar/day-number.ts';
import {
  balanceFromEntries,
  checkPosting,
  openingPosting,
  type Posting,
} from '../ledger/postings.ts';
import type { Db } from '../store/database.ts';
import { operationHash } from './operations.ts';

/** The points a new customer brings from another processing, lot by lot. */
export interface OpeningBalance {
  customerId: string;
  /** Idempotency key of the opening, e.g. `customer-import:oldcrm:C-1001`. */
  operationId: string;
  /** Kept on the lots and entries: where the points came from (`import:oldcrm`). */
  reason: string;
  /** Instants in epoch ms; `expiresAt` exclusive, null for never. */
  lots: readonly { points: number; activatesAt: EpochMs; expiresAt: EpochMs | null }[];
}

/** Rows per insert statement: well under the parameter limit of either database. */
const rowsPerStatement = 2000;

/**
 * Opens the points books of customers created in the caller's transaction `trx`, who have no
 * account, lot or entry yet and whom no one else sees before the commit (so nothing needs a
 * lock): per customer one operation `opening_balance`, a lot per line holding its points with
 * its own expiry, earned at `now` and active unless it activates later, an `opening_balance`
 * entry per lot into `active` or `pending`, and the account with their sum. The same rows a
 * {@link PointsFrame} would write, in a few statements per thousands of customers instead of
 * five per customer: a chain brings hundreds of thousands at once.
 */
export async function openBalances(
  trx: Db,
  balances: readonly OpeningBalance[],
  now: EpochMs,
): Promise<void> {
  const operations = [];
  const lots = [];
  const entries = [];
  const accounts = [];
  for (const opening of balances) {
    const { customerId, operationId, reason } = opening;
    const postings: Posting[] = [];
    for (const lot of opening.lots) {
      const lotId = randomUUID();
      const posting = openingPosting(
        { lotId, earnedAt: now, ...lot, amount: lot.points, remaining: 0 },
        reason,
      );
      const problems = checkPosting(posting);
      // Points are checked before; a problem here is a bug, not a refusal.
      if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
      postings.push(posting);
      lots.push({
        id: lotId,
        customer_id: customerId,
        source: 'opening_balance' as const,
        purchase_id: null,
        reason,
        earned_at: new Date(now),
        activates_at: new Date(lot.activatesAt),
        expires_at: lot.expiresAt === null ? null : new Date(lot.expiresAt),
        amount: lot.points,
        remaining: lot.points,
        activated: lot.activatesAt <= now,
        operation_key: operationId,
      });
      entries.push({
        customer_id: customerId,
        kind: posting.kind,
        from_account: posting.from,
        to_account: posting.to,
        points: posting.points,
        effective_at: new Date(posting.effectiveAt),
        lot_id: lotId,
        operation_key: operationId,
        reason,
      });
    }
    const balance = balanceFromEntries(postings);
    accounts.push({ customer_id: customerId, ...balance });
    // Hashed as `ledgerOperation` hashes its input, so the key means the same everywhere.
    const input = { customerId, input: { lots: opening.lots } };
    operations.push({
      key: operationId,
      kind: 'opening_balance',
      customer_id: customerId,
      input_hash: operationHash('opening_balance', input),
      result: JSON.stringify({ balance }),
    });
  }
  for (const part of chunks(operations))
    await trx.insertInto('points_operations').values(part).execute();
  for (const part of chunks(lots)) await trx.insertInto('points_lots').values(part).execute();
  for (const part of chunks(entries)) await trx.insertInto('points_entries').values(part).execute();
  for (const part of chunks(accounts))
    await trx.insertInto('points_accounts').values(part).execute();
}

function chunks<T>(rows: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let at = 0; at < rows.length; at += rowsPerStatement) {
    parts.push(rows.slice(at, at + rowsPerStatement));
  }
  return parts;
}
