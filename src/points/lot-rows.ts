import type { Selectable } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import type { Lot } from '../ledger/lots.ts';
import type { Db } from '../store/database.ts';
import type { PointsLotSource, PointsLotsTable } from '../store/schema.ts';

export type LotRow = Selectable<PointsLotsTable>;

/** The lot's instants and amounts as the pure ledger sees them, the clock deciding its state. */
export function lotOf(row: LotRow): Lot {
  return {
    lotId: row.id,
    earnedAt: row.earned_at.getTime(),
    activatesAt: row.activates_at.getTime(),
    expiresAt: row.expires_at === null ? null : row.expires_at.getTime(),
    amount: row.amount,
    remaining: row.remaining,
  };
}

/**
 * The lot for planning at `now`, its state taken from what is stored rather than from the clock:
 * an activated lot counts as active and a pending one as pending even when `now` (business time
 * of an offline check) says otherwise, so a plan never moves points out of an account that does
 * not hold them.
 */
export function plannedLot(row: LotRow, now: EpochMs): Lot {
  const lot = lotOf(row);
  const activatesAt = row.activated
    ? Math.min(lot.activatesAt, now)
    : Math.max(lot.activatesAt, now + 1);
  return { ...lot, activatesAt };
}

/** The customer's lots that still hold points, oldest first. */
export async function openLots(trx: Db, customerId: string): Promise<LotRow[]> {
  return trx
    .selectFrom('points_lots')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('remaining', '>', 0)
    .orderBy('earned_at')
    .orderBy('id')
    .execute();
}

export interface NewLot {
  customerId: string;
  source: PointsLotSource;
  purchaseId: string | null;
  reason: string | null;
  earnedAt: EpochMs;
  activatesAt: EpochMs;
  expiresAt: EpochMs | null;
  amount: number;
  /** True when the points go straight into the active account. */
  activated: boolean;
  operationKey: string;
}
