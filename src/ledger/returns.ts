import { assertNonNegativeInteger, mulDiv } from './integers.ts';

/** A line of a committed purchase, with what earlier returns already took from it. */
export interface PurchasedLine {
  lineId: string;
  /** Quantity bought: whole units, or thousandths for weighted goods (the unit returns use). */
  quantity: number;
  /** Points the line accrued (rate, bonuses and its share of check bonuses). */
  accruedPoints: number;
  /** Points spent on the line, and the money they paid for it in kopecks. */
  redeemedPoints: number;
  redeemedMoneyMinor: number;
  /** Quantity returned by earlier returns. */
  returnedQuantity: number;
}

export interface ReturnRequestLine {
  lineId: string;
  quantity: number;
}

export interface LineReturn {
  lineId: string;
  quantity: number;
  /** Accrued points to take back from the customer. */
  takeBackPoints: number;
  /** Redeemed points to give back, and the money those points had paid (kopecks). */
  giveBackPoints: number;
  giveBackMoneyMinor: number;
}

export type ReturnRefusalCode =
  | 'return_invalid_quantity'
  | 'return_unknown_line'
  | 'return_exceeds_purchase';

export interface ReturnRefusal {
  lineId: string;
  code: ReturnRefusalCode;
  /** Quantity of the line still returnable (0 for an unknown line). */
  returnableQuantity: number;
}

export type ReturnPlan =
  | { ok: true; lines: LineReturn[]; takeBackPoints: number; giveBackPoints: number }
  | { ok: false; refusals: ReturnRefusal[] };

/**
 * Points to take back and give back for a (partial) return, pro rata by quantity. Each amount is
 * computed cumulatively, `floor(total × returnedAfter / quantity) − floor(total × returnedBefore
 * / quantity)`, so successive partial returns of a line add up exactly to its totals once all of
 * it is back, and never exceed them. Requested quantities of one line are added together.
 * Refusals, all reported at once: `return_invalid_quantity` (not a whole number ≥ 1),
 * `return_unknown_line`, `return_exceeds_purchase` (more than bought minus already returned).
 */
export function planReturn(
  purchase: readonly PurchasedLine[],
  request: readonly ReturnRequestLine[],
): ReturnPlan {
  const requested = new Map<string, number>();
  const refusals: ReturnRefusal[] = [];
  for (const { lineId, quantity } of request) {
    if (!Number.isSafeInteger(quantity) || quantity < 1) {
      refusals.push({ lineId, code: 'return_invalid_quantity', returnableQuantity: 0 });
    } else requested.set(lineId, (requested.get(lineId) ?? 0) + quantity);
  }
  const lines: LineReturn[] = [];
  for (const [lineId, quantity] of requested) {
    const line = purchase.find((candidate) => candidate.lineId === lineId);
    if (line === undefined) {
      refusals.push({ lineId, code: 'return_unknown_line', returnableQuantity: 0 });
      continue;
    }
    const returnableQuantity = line.quantity - line.returnedQuantity;
    if (quantity > returnableQuantity) {
      refusals.push({ lineId, code: 'return_exceeds_purchase', returnableQuantity });
    } else lines.push(lineReturn(line, quantity));
  }
  if (refusals.length > 0) return { ok: false, refusals };
  const sum = (pick: (line: LineReturn) => number) => lines.reduce((t, l) => t + pick(l), 0);
  return {
    ok: true,
    lines,
    takeBackPoints: sum((l) => l.takeBackPoints),
    giveBackPoints: sum((l) => l.giveBackPoints),
  };
}

function lineReturn(line: PurchasedLine, quantity: number): LineReturn {
  assertNonNegativeInteger('returnedQuantity', line.returnedQuantity);
  const before = line.returnedQuantity;
  const after = before + quantity;
  const share = (total: number) =>
    mulDiv(total, after, line.quantity, 'down') - mulDiv(total, before, line.quantity, 'down');
  return {
    lineId: line.lineId,
    quantity,
    takeBackPoints: share(line.accruedPoints),
    giveBackPoints: share(line.redeemedPoints),
    giveBackMoneyMinor: share(line.redeemedMoneyMinor),
  };
}
