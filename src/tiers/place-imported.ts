import type { EpochMs } from '../calendar/day-number.ts';
import { recordEvents } from '../outbox/record-events.ts';
import type { Db } from '../store/database.ts';
import type { TierProgram } from './tier-program.ts';
import { entryTierId } from './tier-rules.ts';

/** Rows per insert statement: well under the parameter limit of either database. */
const rowsPerStatement = 2000;

export interface ImportedPlacement {
  customerId: string;
  tierId: string;
}

/**
 * Puts customers created in the caller's transaction `trx` (no tier row yet, seen by no one
 * before the commit) in the tier another processing gave them, as {@link moveTier} would move
 * them by hand from the entry tier: the tier row dated `at` (so the tier is held at least one
 * whole period from then), a history entry (reason `manual`, metric 0: nothing was measured,
 * `note` saying where it came from) and a `tier.changed` event; no welcome bonus. A customer
 * placed in the entry tier gets only its row, as a first purchase would give it. A few
 * statements per thousands of customers.
 */
export async function placeImportedCustomers(
  trx: Db,
  program: TierProgram,
  placements: readonly ImportedPlacement[],
  move: { at: EpochMs; now: EpochMs; actorName: string; note: string },
): Promise<void> {
  const entry = entryTierId(program);
  const moved = placements.filter((p) => p.tierId !== entry);
  for (let at = 0; at < placements.length; at += rowsPerStatement) {
    await trx
      .insertInto('customer_tiers')
      .values(
        placements.slice(at, at + rowsPerStatement).map((p) => ({
          customer_id: p.customerId,
          tier_id: p.tierId,
          since: new Date(move.at),
          updated_at: new Date(move.now),
        })),
      )
      .execute();
  }
  for (let at = 0; at < moved.length; at += rowsPerStatement) {
    const part = moved.slice(at, at + rowsPerStatement);
    await trx
      .insertInto('customer_tier_history')
      .values(
        part.map((p) => ({
          customer_id: p.customerId,
          from_tier_id: entry,
          to_tier_id: p.tierId,
          at: new Date(move.at),
          reason: 'manual' as const,
          metric: 0,
          purchase_id: null,
          actor_name: move.actorName,
          note: move.note,
          welcome_bonus_points: 0,
        })),
      )
      .execute();
    await recordEvents(
      trx,
      part.map((p) => ({
        type: 'tier.changed',
        occurredAt: new Date(move.at),
        customerId: p.customerId,
        payload: {
          previousTierId: entry,
          tierId: p.tierId,
          reason: 'manual',
          purchaseId: null,
          welcomeBonusPoints: 0,
        },
      })),
      new Date(move.now),
    );
  }
}
