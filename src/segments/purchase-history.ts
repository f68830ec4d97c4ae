import { dayNumber } from '../calendar/day-number.ts';
import type { PurchaseDay } from './customer-facts.ts';

/** Money, purchases and purchase days over some days; `null` window means the whole history. */
export interface HistorySummary {
  spentMinor: number;
  purchaseCount: number;
  firstDay: string | null;
  lastDay: string | null;
}

/**
 * Sums the days within the `days`-day window ending on `today` (today and the days − 1 before
 * it), or every day up to today when `days` is undefined. Days after today (a till's clock
 * ahead) are left out, so no window sees the future.
 */
export function summarize(
  history: readonly PurchaseDay[],
  today: string,
  days: number | undefined,
): HistorySummary {
  const last = dayNumber(today);
  const first = days === undefined ? Number.NEGATIVE_INFINITY : last - days + 1;
  const summary: HistorySummary = {
    spentMinor: 0,
    purchaseCount: 0,
    firstDay: null,
    lastDay: null,
  };
  for (const row of history) {
    const at = dayNumber(row.day);
    if (at < first || at > last || row.purchaseCount === 0) continue;
    summary.spentMinor += row.spentMinor;
    summary.purchaseCount += row.purchaseCount;
    if (summary.firstDay === null || row.day < summary.firstDay) summary.firstDay = row.day;
    if (summary.lastDay === null || row.day > summary.lastDay) summary.lastDay = row.day;
  }
  return summary;
}

/** The shortest average interval taken for churn: buying twice on one day is not "daily". */
export const minChurnIntervalDays = 7;

/**
 * Churn risk, a deliberately simple rule: a customer who bought at least twice is at risk when
 * the days since the last purchase exceed twice their own average interval between purchases
 * (at least {@link minChurnIntervalDays}); one who bought once, after 90 days; one who never
 * bought is not at risk (there is nothing to lose). Exact in integers: no division.
 */
export function isChurnRisk(summary: HistorySummary, today: string): boolean {
  if (summary.lastDay === null || summary.firstDay === null) return false;
  const since = dayNumber(today) - dayNumber(summary.lastDay);
  if (summary.purchaseCount < 2) return since > 90;
  const span = dayNumber(summary.lastDay) - dayNumber(summary.firstDay);
  const intervals = summary.purchaseCount - 1;
  return since > 2 * minChurnIntervalDays && since * intervals > 2 * span;
}
