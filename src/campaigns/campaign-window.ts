import { addDays, dayNumber, type EpochMs, isoWeekday } from '../calendar/day-number.ts';
import { localDate } from '../calendar/time-zone.ts';
import { segmentIdsFor } from '../segments/memberships.ts';
import type { Db } from '../store/database.ts';
import type { CampaignDefinition } from './campaign-schema.ts';

/** The local date (`YYYY-MM-DD`) of an instant in the programme's zone: periods are local days. */
export function campaignDay(at: EpochMs, timeZone: string): string {
  return localDate(new Date(at), timeZone);
}

/** Whether a local date lies in the campaign's inclusive period. */
export function inPeriod(campaign: CampaignDefinition, day: string): boolean {
  return campaign.period.from <= day && day <= campaign.period.to;
}

/** Whether the customer is in the campaign's audience: any of its segments, or everyone. */
export async function inAudience(
  db: Db,
  campaign: CampaignDefinition,
  customerId: string,
): Promise<boolean> {
  const wanted = campaign.audience?.segmentIds;
  if (!wanted) return true;
  const held = await segmentIdsFor(db, customerId);
  return wanted.some((id) => held.includes(id));
}

/**
 * The cap period a local date falls in: the day itself, the Monday starting its week, its
 * month (`YYYY-MM`), or `campaign` for the whole period.
 */
export function capPeriodKey(period: 'day' | 'week' | 'month' | 'campaign', day: string): string {
  if (period === 'day') return day;
  if (period === 'month') return day.slice(0, 7);
  if (period === 'campaign') return 'campaign';
  return addDays(day, 1 - isoWeekday(dayNumber(day)));
}
