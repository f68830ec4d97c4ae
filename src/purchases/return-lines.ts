import { ProblemCollector } from '../errors.ts';
import type { ReturnedUnits } from '../gift-cards/pick-cards-to-void.ts';
import { mulDiv } from '../ledger/integers.ts';
import type { PurchasedLine } from '../ledger/returns.ts';

/** A purchase line as stored, with what earlier returns took of it. */
export interface ReturnableLine {
  lineNo: number;
  lineId: string;
  quantity: number;
  paidMinor: number;
  accruedPoints: number;
  redeemedPoints: number;
  redeemedMoneyMinor: number;
  returnedQuantity: number;
}

export interface RequestedReturn {
  lineId: string;
  /** Whole units, or thousandths for weighted goods, as the purchase counts the line. */
  quantity: number;
}

/**
 * Spreads requested quantities over the stored parts of each line (a receipt-safe split makes
 * two parts of one till line), earliest part first, and refuses unknown lines and quantities
 * above what is left, all at once (`return_unknown_line`, `return_exceeds_purchase`).
 * Answers quantities keyed by line number.
 */
export function assignReturnQuantities(
  lines: readonly ReturnableLine[],
  request: readonly RequestedReturn[],
): Map<number, number> {
  const problems = new ProblemCollector();
  const assigned = new Map<number, number>();
  request.forEach((wanted, i) => {
    const parts = lines.filter((line) => line.lineId === wanted.lineId);
    if (parts.length === 0) {
      problems.add(
        `/lines/${i}/lineId`,
        'return_unknown_line',
        `the purchase has no line "${wanted.lineId}"`,
      );
      return;
    }
    let left = wanted.quantity;
    for (const part of parts) {
      const free = part.quantity - part.returnedQuantity - (assigned.get(part.lineNo) ?? 0);
      const take = Math.min(free, left);
      if (take > 0) assigned.set(part.lineNo, (assigned.get(part.lineNo) ?? 0) + take);
      left -= take;
    }
    if (left > 0) {
      problems.add(
        `/lines/${i}/quantity`,
        'return_exceeds_purchase',
        `${left} more than is left of line "${wanted.lineId}"`,
      );
    }
  });
  problems.throwIfAny();
  return assigned;
}

/** The stored line as the pure return planner sees it, keyed by line number. */
export function purchasedLine(line: ReturnableLine): PurchasedLine {
  return {
    lineId: String(line.lineNo),
    quantity: line.quantity,
    accruedPoints: line.accruedPoints,
    redeemedPoints: line.redeemedPoints,
    redeemedMoneyMinor: line.redeemedMoneyMinor,
    returnedQuantity: line.returnedQuantity,
  };
}

/**
 * Money refunded for `quantity` more units of a line, computed cumulatively like the points
 * (spec 2b), so partial refunds add up exactly to what was paid once the whole line is back.
 */
export function refundMinor(line: ReturnableLine, quantity: number): number {
  const after = mulDiv(line.paidMinor, line.returnedQuantity + quantity, line.quantity, 'down');
  const before = mulDiv(line.paidMinor, line.returnedQuantity, line.quantity, 'down');
  return after - before;
}

/**
 * Units a return takes of each till line, summed over the line's stored parts, with the request
 * field that asks for them (the first, when a line is named twice).
 */
export function returnedUnits(
  lines: readonly ReturnableLine[],
  quantities: ReadonlyMap<number, number>,
  request: readonly RequestedReturn[],
): ReturnedUnits[] {
  const byLine = new Map<string, ReturnedUnits>();
  for (const [lineNo, quantity] of quantities) {
    const lineId = lines.find((line) => line.lineNo === lineNo)?.lineId as string;
    const earlier = byLine.get(lineId);
    if (earlier) earlier.units += quantity;
    else {
      const index = request.findIndex((wanted) => wanted.lineId === lineId);
      byLine.set(lineId, { lineId, units: quantity, field: `/lines/${index}/quantity` });
    }
  }
  return [...byLine.values()];
}
