import type { EpochMs } from '../calendar/day-number.ts';
import { lotState } from '../ledger/lots.ts';
import type { Db } from '../store/database.ts';
import type { PointsAccountName, PointsLotSource } from '../store/schema.ts';
import { ownedCustomerIds, pointsOwner } from './customer-owner.ts';
import { lotOf } from './lot-rows.ts';

export interface LotView {
  lotId: string;
  source: PointsLotSource;
  purchaseId: string | null;
  reason: string | null;
  earnedAt: string;
  activatesAt: string;
  expiresAt: string | null;
  amount: number;
  remaining: number;
  /** By the clock at `now`; `spent` when nothing is left. */
  state: 'pending' | 'active' | 'expired' | 'spent';
}

/** A customer's lots (a merged-away id shows the survivor's), soonest to be spent first. */
export async function listPointsLots(
  db: Db,
  customerId: string,
  now: EpochMs,
  options: { includeSpent: boolean },
): Promise<LotView[]> {
  const owner = await pointsOwner(db, customerId);
  let select = db.selectFrom('points_lots').selectAll().where('customer_id', '=', owner);
  if (!options.includeSpent) select = select.where('remaining', '>', 0);
  const rows = await select
    .orderBy('expires_at', (ob) => ob.asc().nullsLast())
    .orderBy('earned_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    lotId: row.id,
    source: row.source,
    purchaseId: row.purchase_id,
    reason: row.reason,
    earnedAt: row.earned_at.toISOString(),
    activatesAt: row.activates_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    amount: row.amount,
    remaining: row.remaining,
    state: row.remaining === 0 ? 'spent' : lotState(lotOf(row), now),
  }));
}

export interface EntryView {
  id: number;
  kind: string;
  from: PointsAccountName;
  to: PointsAccountName;
  points: number;
  effectiveAt: string;
  createdAt: string;
  lotId: string | null;
  purchaseId: string | null;
  operationId: string | null;
  reason: string | null;
}

/**
 * A customer's entries, newest first, with those of customers merged into it. Keyset paging on
 * the entry id: pass the previous page's `nextBefore` until it is null; entries written
 * meanwhile never shift a page.
 */
export async function listPointsEntries(
  db: Db,
  customerId: string,
  query: { limit: number; before?: number | undefined },
): Promise<{ items: EntryView[]; nextBefore: number | null }> {
  const owner = await pointsOwner(db, customerId);
  let select = db
    .selectFrom('points_entries')
    .selectAll()
    .where('customer_id', 'in', ownedCustomerIds(db, owner))
    .orderBy('id', 'desc')
    // One more than asked tells whether another page exists.
    .limit(query.limit + 1);
  if (query.before !== undefined) select = select.where('id', '<', query.before);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      from: row.from_account,
      to: row.to_account,
      points: row.points,
      effectiveAt: row.effective_at.toISOString(),
      createdAt: row.created_at.toISOString(),
      lotId: row.lot_id,
      purchaseId: row.purchase_id,
      operationId: row.operation_key,
      reason: row.reason,
    })),
    nextBefore: rows.length > query.limit && last ? last.id : null,
  };
}
