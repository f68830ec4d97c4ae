import type { EpochMs } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import { emitAbandonedCartEvents } from './abandoned-carts.ts';
import { grantBirthdays } from './birthdays.ts';

/**
 * The campaigns' scheduled work, for a scheduler to call every few minutes on any number of
 * nodes: birthday rewards due today and abandoned-cart events whose hours have passed. Both are
 * idempotent (unique reward occurrences, unique event keys), so overlapping runs are harmless.
 * A period's end needs no work: progress only counts purchases dated inside the period, and a
 * return after the end still takes back what it must.
 */
export async function runCampaignJobs(
  db: Db,
  now: EpochMs,
): Promise<{ birthdayRewards: number; abandonedCartEvents: number }> {
  const birthdayRewards = await grantBirthdays(db, now);
  const abandonedCartEvents = await emitAbandonedCartEvents(db, now);
  return { birthdayRewards, abandonedCartEvents };
}
