import type { CustomerReference } from '../carts/customer-reference.ts';
import type { HistoryChannel } from '../store/schema.ts';
import { type HistoryLineInput, type LineProblem, lineTotalMinor } from './history-line.ts';

/** The lines of one check as given, with their positions in the batch. */
export interface GroupedCheck {
  checkId: string;
  at: string;
  storeId: string;
  channel: HistoryChannel | undefined;
  customer: CustomerReference | undefined;
  lines: { index: number; line: HistoryLineInput }[];
}

/**
 * Gathers a batch's lines by check id, checks first seen first, lines in batch order. The check's
 * fields (`at`, `storeId`, `channel`, `customer`) come from its first line; a later line that
 * says otherwise is a problem `check_fields_differ` at that line, naming the first.
 */
export function groupChecks(lines: readonly HistoryLineInput[]): {
  checks: GroupedCheck[];
  problems: { index: number; problem: LineProblem }[];
} {
  const byId = new Map<string, GroupedCheck>();
  const problems: { index: number; problem: LineProblem }[] = [];
  lines.forEach((line, index) => {
    const check = byId.get(line.checkId);
    if (!check) {
      byId.set(line.checkId, {
        checkId: line.checkId,
        at: line.at,
        storeId: line.storeId,
        channel: line.channel,
        customer: line.customer,
        lines: [{ index, line }],
      });
      return;
    }
    const first = check.lines[0]?.index ?? 0;
    const differ = (field: string) =>
      problems.push({
        index,
        problem: {
          field,
          code: 'check_fields_differ',
          message: `differs from the first line of check ${line.checkId} (line ${first})`,
        },
      });
    if (line.at !== check.at) differ('at');
    if (line.storeId !== check.storeId) differ('storeId');
    if (line.channel !== check.channel) differ('channel');
    if (JSON.stringify(line.customer ?? null) !== JSON.stringify(check.customer ?? null)) {
      differ('customer');
    }
    check.lines.push({ index, line });
  });
  return { checks: [...byId.values()], problems };
}

/** Sums of a check's lines; quantities in thousandths, money in kopecks. */
export interface CheckTotals {
  quantityMilli: number;
  totalMinor: number;
  discountMinor: number;
  paidMinor: number;
}

export function checkTotals(lines: readonly HistoryLineInput[]): CheckTotals {
  const totals = { quantityMilli: 0, totalMinor: 0, discountMinor: 0, paidMinor: 0 };
  for (const line of lines) {
    totals.quantityMilli += line.quantityMilli;
    totals.totalMinor += lineTotalMinor(line.priceMinor, line.quantityMilli);
    totals.discountMinor += line.discountMinor ?? 0;
    totals.paidMinor += line.paidMinor;
  }
  return totals;
}

/** Where a check turns wholesale-sized: strictly above either bound it is an outlier. */
export interface OutlierThresholds {
  /** Money paid for the check, kopecks. */
  paidMinor: number;
  /** Units on the check, thousandths. */
  quantityMilli: number;
}

/** 100 000 ₽ paid, or 200 units, on one check. */
export const defaultOutlierThresholds: OutlierThresholds = {
  paidMinor: 10_000_000,
  quantityMilli: 200_000,
};

export type OutlierReason = 'paid' | 'quantity';

/** Why a check is an outlier (`paid`, `quantity` or both), or an empty list. */
export function outlierReasons(
  totals: CheckTotals,
  thresholds: OutlierThresholds,
): OutlierReason[] {
  const reasons: OutlierReason[] = [];
  if (totals.paidMinor > thresholds.paidMinor) reasons.push('paid');
  if (totals.quantityMilli > thresholds.quantityMilli) reasons.push('quantity');
  return reasons;
}
