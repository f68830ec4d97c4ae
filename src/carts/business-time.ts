import { PerkError } from '../errors.ts';

/** The earliest business time taken: a till whose clock was reset reads 1970 or 2000-01-01. */
export const EARLIEST_BUSINESS_TIME = '2000-01-01T00:00:00.000Z';
const EARLIEST_MS = Date.parse(EARLIEST_BUSINESS_TIME);

/**
 * Refuses a business time before {@link EARLIEST_BUSINESS_TIME}: no check of this programme is
 * that old, and a year 0 would leave the calendar the database holds. 422
 * `business_time_too_early`, at `field`.
 */
function checkNotTooEarly(at: string, atMs: number, field: string) {
  if (atMs >= EARLIEST_MS) return;
  throw new PerkError(
    'unprocessable',
    'business_time_too_early',
    `The business time ${at} is before ${EARLIEST_BUSINESS_TIME} (check the till's clock)`,
    { field, details: { earliest: EARLIEST_BUSINESS_TIME } },
  );
}

/**
 * Refuses a business time (the check's own `at`) more than `toleranceMs` after `nowMs`: a till
 * whose clock runs ahead would otherwise date points, expiry and promotions in the future. Up to
 * the tolerance it passes (clocks drift). 422 `business_time_in_future`, at `field`; one before
 * 2000, 422 `business_time_too_early`.
 */
export function checkBusinessTime(
  at: string | undefined,
  nowMs: number,
  toleranceMs: number,
  field = '/at',
) {
  if (at === undefined) return;
  const atMs = Date.parse(at);
  checkNotTooEarly(at, atMs, field);
  const aheadMs = atMs - nowMs;
  if (aheadMs <= toleranceMs) return;
  const toleranceSeconds = toleranceMs / 1000;
  throw new PerkError(
    'unprocessable',
    'business_time_in_future',
    `The business time ${at} is ${Math.ceil(aheadMs / 1000)} s ahead of the server's clock; ` +
      `at most ${toleranceSeconds} s are allowed (check the till's clock)`,
    { field, details: { serverTime: new Date(nowMs).toISOString(), toleranceSeconds } },
  );
}

/** How far ahead a what-if price may be asked (`whatIf`): a promotion planned years out at most. */
export const WHAT_IF_HORIZON_YEARS = 10;

/**
 * Refuses a what-if time (`whatIf: true`) more than {@link WHAT_IF_HORIZON_YEARS} after `nowMs`:
 * no promotion is planned that far, and dates derived from it (points expiry) would leave the
 * calendar the store can hold. 422 `what_if_too_far`, at `field`; one before 2000, 422
 * `business_time_too_early`.
 */
export function checkWhatIfTime(at: string | undefined, nowMs: number, field = '/at') {
  if (at === undefined) return;
  const atMs = Date.parse(at);
  checkNotTooEarly(at, atMs, field);
  const latest = new Date(nowMs);
  latest.setUTCFullYear(latest.getUTCFullYear() + WHAT_IF_HORIZON_YEARS);
  if (atMs <= latest.getTime()) return;
  throw new PerkError(
    'unprocessable',
    'what_if_too_far',
    `A what-if price is asked at most ${WHAT_IF_HORIZON_YEARS} years ahead, until ` +
      `${latest.toISOString()}; ${at} is later`,
    { field, details: { latest: latest.toISOString(), horizonYears: WHAT_IF_HORIZON_YEARS } },
  );
}
