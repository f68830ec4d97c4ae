import type { EpochMs } from '../ledger/local-date.ts';
import { planExpiry } from '../ledger/lots.ts';
import { activationPostings, expiryPostings } from '../ledger/postings.ts';
import type { Db } from '../store/database.ts';
import { lotOf } from './lot-rows.ts';
import { writePostings } from './write-postings.ts';

export interface TransitionCounts {
  /** Lots that became spendable. */
  activated: number;
  /** Lots whose remaining points were written off. */
  expired: number;
}

/**
 * Brings one customer's lots up to `now` (epoch ms): pending lots whose `activates_at <= now`
 * become active, then active lots whose `expires_at <= now` lose what they hold. Each entry is
 * dated at the lot's own instant, not at `now`, so a late run books the same entries an
 * on-time one would. The caller holds the customer's account lock; a second call changes
 * nothing, since activated lots are flagged and expired ones hold nothing.
 */
export async function applyDueTransitions(
  trx: Db,
  customerId: string,
  now: EpochMs,
): Promise<TransitionCounts> {
  const at = new Date(now);
  const due = await trx
    .selectFrom('points_lots')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where((eb) =>
      eb.or([
        eb.and([eb('activated', '=', false), eb('activates_at', '<=', at)]),
        eb.and([eb('remaining', '>', 0), eb('expires_at', '<=', at)]),
      ]),
    )
    .orderBy('activates_at')
    .orderBy('id')
    .execute();
  if (due.length === 0) return { activated: 0, expired: 0 };
  const activating = due.filter((row) => !row.activated && row.activates_at <= at);
  if (activating.length > 0) {
    await trx
      .updateTable('points_lots')
      .set({ activated: true })
      .where(
        'id',
        'in',
        activating.map((row) => row.id),
      )
      .execute();
  }
  const lots = due.map(lotOf);
  const expiring = planExpiry(lots, now);
  // Activation first: a lot both due to activate and to expire goes pending → active → world.
  const postings = [
    ...activating.flatMap((row) => activationPostings(lotOf(row))),
    ...expiryPostings(expiring, lots),
  ];
  await writePostings(trx, customerId, null, postings);
  return { activated: activating.length, expired: expiring.length };
}
