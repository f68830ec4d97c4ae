import { sql } from 'kysely';
import { balanceFromEntries, type Posting, remainingByLot } from '../ledger/postings.ts';
import type { Db } from '../store/database.ts';
import type { PointsAccountName } from '../store/schema.ts';
import type { AccountBalance } from './accounts.ts';

export type ViolationCode =
  /** An account column differs from the sum of the customer's entries. */
  | 'account_mismatch'
  /** A lot's remaining differs from what its entries leave in it. */
  | 'lot_mismatch'
  /** The lots of an account hold other than the account says (pending; active + debt). */
  | 'lots_mismatch'
  | 'negative_remaining';

export interface PointsViolation {
  code: ViolationCode;
  customerId: string;
  lotId?: string;
  /** The account column or lot field concerned. */
  field: string;
  /** What the entries say. */
  expected: number;
  /** What is stored. */
  actual: number;
}

interface EntrySum {
  owner: string;
  from_account: PointsAccountName;
  to_account: PointsAccountName;
  lot_id: string | null;
  points: number;
}

/**
 * Checks the stored balances against the append-only entries, for one customer (with those
 * merged into it) or everyone: each account equals the sum of its entries, each lot's
 * `remaining` what its entries leave, the lots of each account add up to it, and no remaining is
 * negative. Answers every violation found (none when the books are right).
 */
export async function checkPointsInvariant(
  db: Db,
  customerId?: string,
): Promise<PointsViolation[]> {
  const owner = sql<string>`coalesce(c.merged_into, c.id)`;
  let sums = db
    .selectFrom('points_entries as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .select([owner.as('owner'), 'e.from_account', 'e.to_account', 'e.lot_id'])
    .select(sql<number>`sum(e.points)::bigint`.as('points'))
    .groupBy([owner, 'e.from_account', 'e.to_account', 'e.lot_id']);
  if (customerId !== undefined) sums = sums.where(owner, '=', customerId);
  let lots = db.selectFrom('points_lots').select(['id', 'customer_id', 'remaining', 'activated']);
  let accounts = db
    .selectFrom('points_accounts')
    .select(['customer_id', 'active', 'pending', 'debt']);
  if (customerId !== undefined) {
    lots = lots.where('customer_id', '=', customerId);
    accounts = accounts.where('customer_id', '=', customerId);
  }
  const [entryRows, lotRows, accountRows] = await Promise.all([
    sums.execute(),
    lots.execute(),
    accounts.execute(),
  ]);
  const entries = groupBy(entryRows.map(toPosting), (p) => p.owner);
  const violations: PointsViolation[] = [];
  const owners = new Set([...entries.keys(), ...accountRows.map((a) => a.customer_id)]);
  for (const id of owners) {
    const account = accountRows.find((a) => a.customer_id === id) ?? {
      active: 0,
      pending: 0,
      debt: 0,
    };
    const expected = balanceFromEntries(entries.get(id) ?? []);
    violations.push(...compareBalance(id, expected, account, 'account_mismatch'));
    const own = lotRows.filter((lot) => lot.customer_id === id);
    const held = (activated: boolean) =>
      own.filter((l) => l.activated === activated).reduce((t, l) => t + l.remaining, 0);
    const fromLots = {
      active: held(true) - account.debt,
      pending: held(false),
      debt: account.debt,
    };
    violations.push(...compareBalance(id, account, fromLots, 'lots_mismatch'));
  }
  const byLot = remainingByLot(entryRows.map(toPosting));
  for (const lot of lotRows) {
    const base = {
      customerId: lot.customer_id,
      lotId: lot.id,
      field: 'remaining',
      actual: lot.remaining,
    };
    const expected = byLot.get(lot.id) ?? 0;
    if (lot.remaining !== expected) violations.push({ ...base, code: 'lot_mismatch', expected });
    if (lot.remaining < 0) violations.push({ ...base, code: 'negative_remaining', expected: 0 });
  }
  return violations;
}

function compareBalance(
  customerId: string,
  expected: AccountBalance,
  actual: AccountBalance,
  code: ViolationCode,
): PointsViolation[] {
  return (['active', 'pending', 'debt'] as const)
    .filter((field) => expected[field] !== actual[field])
    .map((field) => ({
      code,
      customerId,
      field,
      expected: expected[field],
      actual: actual[field],
    }));
}

// Sums of entries with the same accounts and lot move points like one entry of their total.
function toPosting(row: EntrySum): Posting & { owner: string } {
  const { owner, from_account: from, to_account: to, points } = row;
  const posting = { owner, kind: 'adjustment', from, to, points, effectiveAt: 0 } as const;
  return row.lot_id === null ? posting : { ...posting, lotId: row.lot_id };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
