import { sql } from 'kysely';
import { addDays, dayNumber, type EpochMs } from '../calendar/day-number.ts';
import { startOfLocalDay } from '../calendar/time-zone.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import type { CampaignDefinition } from './campaign-schema.ts';
import { campaignDay, inAudience, inPeriod } from './campaign-window.ts';
import { activeCampaigns } from './campaigns.ts';
import { grantCampaignReward } from './grant-reward.ts';

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The birthday a `MM-DD` falls on in a year: 29 February is kept on 28 February in a common
 * year, so such customers are not left out three years in four.
 */
export function birthdayIn(year: number, monthDay: string): string {
  return `${year}-${monthDay === '02-29' && !isLeap(year) ? '02-28' : monthDay}`;
}

/**
 * Gives birthday rewards due at `now`: for each active `birthday` campaign, every customer whose
 * birthday (programme zone) lies in the last `validDays` days, today included, and in the
 * campaign period. The bonus counts from the birthday's local midnight and is valid `validDays`
 * whole days: birthday 10 March with 7 days is spendable until 16 March 23:59:59 and gone at
 * 17 March 00:00. A missed run catches up inside that window only. Once per customer and year
 * (occurrence = the year), so reruns and several nodes give it once. Answers grants made.
 */
export async function grantBirthdays(db: Db, now: EpochMs): Promise<number> {
  const campaigns = await activeCampaigns(db, ['birthday']);
  if (campaigns.length === 0) return 0;
  const { timeZone } = await getProgramSettings(db);
  const today = campaignDay(now, timeZone);
  let granted = 0;
  for (const campaign of campaigns) {
    if (campaign.rule.kind !== 'birthday') continue;
    const window = Array.from({ length: campaign.rule.validDays }, (_, i) => addDays(today, -i));
    for (const { customerId, birthday } of await birthdaysIn(db, window)) {
      if (!inPeriod(campaign, birthday)) continue;
      if (await giveBirthday(db, campaign, customerId, birthday, timeZone, now)) granted += 1;
    }
  }
  return granted;
}

async function birthdaysIn(
  db: Db,
  window: string[],
): Promise<{ customerId: string; birthday: string }[]> {
  const byMonthDay = new Map<string, string>();
  for (const day of window) {
    byMonthDay.set(day.slice(5), day);
    // In a common year 28 February is also the birthday of those born on the 29th.
    if (day.slice(5) === '02-28' && !isLeap(Number(day.slice(0, 4)))) byMonthDay.set('02-29', day);
  }
  const rows = await db
    .selectFrom('customers')
    .select(['id', sql<string>`to_char(birth_date, 'MM-DD')`.as('month_day')])
    .where('merged_into', 'is', null)
    .where(sql<string>`to_char(birth_date, 'MM-DD')`, 'in', [...byMonthDay.keys()])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    customerId: row.id,
    birthday: byMonthDay.get(row.month_day) as string,
  }));
}

async function giveBirthday(
  db: Db,
  campaign: CampaignDefinition,
  customerId: string,
  birthday: string,
  timeZone: string,
  now: EpochMs,
): Promise<boolean> {
  if (campaign.rule.kind !== 'birthday' || !campaign.reward) return false;
  if (!(await inAudience(db, campaign, customerId))) return false;
  const validity = { unit: 'days' as const, count: campaign.rule.validDays };
  // The rule's validity wins over the reward's own: "valid N days" is the campaign's promise.
  const reward =
    campaign.reward.kind === 'points'
      ? { ...campaign.reward, pendingDays: 0, expiry: validity }
      : campaign.reward;
  const outcome = await db.transaction().execute((trx) =>
    grantCampaignReward(trx, {
      campaign: { ...campaign, reward },
      customerId,
      occurrence: birthday.slice(0, 4),
      earnedAt: startOfLocalDay(dayNumber(birthday), timeZone),
      now,
    }),
  );
  return outcome.granted;
}
