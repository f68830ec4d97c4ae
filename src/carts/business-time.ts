import { PerkError } from '../errors.ts';

/**
 * Refuses a business time (the check's own `at`) more than `toleranceMs` after `nowMs`: a till
 * whose clock runs ahead would otherwise date points, expiry and promotions in the future. Up to
 * the tolerance it passes (clocks drift). 422 `business_time_in_future`, at `field`.
 */
export function checkBusinessTime(
  at: string | undefined,
  nowMs: number,
  toleranceMs: number,
  field = '/at',
) {
  if (at === undefined) return;
  const aheadMs = Date.parse(at) - nowMs;
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
