import type { EpochMs } from '../calendar/day-number.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { campaignDay, inAudience, inPeriod } from './campaign-window.ts';
import { activeCampaigns } from './campaigns.ts';
import { type GrantOutcome, grantCampaignReward } from './grant-reward.ts';
import { type ReferralOutcome, recordReferral } from './referrals.ts';

/**
 * The registration hook: call it in the transaction that creates the customer (or right after,
 * with the database). Gives the welcome reward of every active `registration` campaign whose
 * period holds today (programme zone) and whose audience holds the customer (a new customer is
 * in static lists only until segments are recomputed), once per customer; and records the
 * referral code, if any ({@link recordReferral}); the referral rewards wait for the friend's
 * first qualifying purchase.
 */
export async function onCustomerRegistered(
  db: Db,
  event: { customerId: string; referralCode?: string; now: EpochMs },
): Promise<{ rewards: GrantOutcome[]; referral: ReferralOutcome | null }> {
  // Points are booked under the account's lock, which needs a transaction.
  if (!db.isTransaction) return db.transaction().execute((trx) => onCustomerRegistered(trx, event));
  const referral = event.referralCode
    ? await recordReferral(db, {
        friendId: event.customerId,
        code: event.referralCode,
        now: event.now,
      })
    : null;
  const campaigns = await activeCampaigns(db, ['registration']);
  const rewards: GrantOutcome[] = [];
  if (campaigns.length > 0) {
    const { timeZone } = await getProgramSettings(db);
    const day = campaignDay(event.now, timeZone);
    for (const campaign of campaigns) {
      if (!inPeriod(campaign, day) || !(await inAudience(db, campaign, event.customerId))) continue;
      rewards.push(
        await grantCampaignReward(db, {
          campaign,
          customerId: event.customerId,
          occurrence: 'once',
          earnedAt: event.now,
          now: event.now,
        }),
      );
    }
  }
  return { rewards, referral };
}
