import { addMonths, type EpochMs } from '../calendar/day-number.ts';
import { localDay, startOfLocalDay } from '../calendar/time-zone.ts';
import type { Expiry, ProgramSettings } from './program-settings.ts';

/**
 * When pending points become spendable: the start of the day after the return period, in the
 * programme's zone. Points earned on local day D with N pending days activate at local midnight
 * of D + N + 1 (earned 2026-03-10 15:00 Moscow, 14 days → 2026-03-25 00:00 Moscow =
 * 2026-03-24T21:00Z). With no return period (N = 0) they are spendable at once: `earnedAt`.
 *
 * @param earnedAt - epoch ms of the purchase
 * @param pendingDays - whole days of the return period
 * @param timeZone - IANA zone of the programme
 */
export function activationInstant(
  earnedAt: EpochMs,
  pendingDays: number,
  timeZone: string,
): EpochMs {
  if (pendingDays === 0) return earnedAt;
  return startOfLocalDay(localDay(earnedAt, timeZone) + pendingDays + 1, timeZone);
}

/**
 * The first instant at which points valid from `from` for `expiry` are no longer valid
 * (exclusive end). The period is added on the local calendar (months clamp the day: 31 Jan +
 * 1 month → 28 Feb, 29 in a leap year) and then runs to the end of that day: the answer is the
 * following local midnight. A period starting exactly at local midnight ends at local midnight
 * (from 25 Mar 00:00, 1 month → 25 Apr 00:00), so it never grows an extra day.
 */
export function expiryInstant(from: EpochMs, expiry: Expiry, timeZone: string): EpochMs {
  const startDay = localDay(from, timeZone);
  const lastDay =
    expiry.unit === 'days' ? startDay + expiry.count : addMonths(startDay, expiry.count);
  const startsAtMidnight = startOfLocalDay(startDay, timeZone) === from;
  return startOfLocalDay(startsAtMidnight ? lastDay : lastDay + 1, timeZone);
}

/**
 * Activation and expiry of points earned at `earnedAt`. The validity period counts from
 * activation ("spendable after N days, then expire after M"), so a customer always gets the
 * whole period to spend them; `expiresAt` is null when points never expire.
 */
export function lotInstants(
  earnedAt: EpochMs,
  settings: Pick<ProgramSettings, 'pendingDays' | 'expiry' | 'timeZone'>,
): { activatesAt: EpochMs; expiresAt: EpochMs | null } {
  const activatesAt = activationInstant(earnedAt, settings.pendingDays, settings.timeZone);
  const expiresAt =
    settings.expiry === null
      ? null
      : expiryInstant(activatesAt, settings.expiry, settings.timeZone);
  return { activatesAt, expiresAt };
}
