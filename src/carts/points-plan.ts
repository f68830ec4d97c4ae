import type { CalculatedLine } from '../engine/model/calculation.ts';
import { accrue } from '../ledger/accrual.ts';
import {
  accrualRateBpFor,
  maxRedemptionShareBpFor,
  type ProgramSettings,
} from '../ledger/program-settings.ts';
import {
  planRedemption,
  type RedemptionLimit,
  type RedemptionRefusalCode,
  redemptionLimit,
} from '../ledger/redemption.ts';

/** A receipt line with its share of the points paid and accrued: what a purchase stores per line. */
export interface PricedLine {
  lineNo: number;
  lineId: string;
  sku: string;
  weighted: boolean;
  /** Whole units, or thousandths for weighted goods: the unit a return counts in. */
  quantity: number;
  unitPriceMinor: number;
  totalMinor: number;
  /** The promotions and the line's share of the check rounding. */
  discountMinor: number;
  /** The line's share of rounding the check total down. */
  roundingMinor: number;
  redeemedPoints: number;
  redeemedMoneyMinor: number;
  /** Money actually paid: total less the points' money. */
  paidMinor: number;
  accruedPoints: number;
}

export interface PointsPlanInput {
  lines: readonly CalculatedLine[];
  settings: ProgramSettings;
  tierId: string | null;
  /** Spendable points of the customer (0 for an anonymous cart). */
  activeBalance: number;
  requestedPoints: number;
  /** False for an anonymous cart: nothing is accrued. */
  accrues: boolean;
  /** Input lines the programme excludes from its rate (`accrualExclusions`). */
  excludedLineIds: ReadonlySet<string>;
}

export type PointsPlan =
  | {
      ok: true;
      lines: PricedLine[];
      redeemedPoints: number;
      redeemedMoneyMinor: number;
      accruedPoints: number;
      limit: RedemptionLimit;
    }
  | { ok: false; code: RedemptionRefusalCode; maxPoints: number };

/**
 * Splits the points a customer pays with over the receipt lines, then computes what each line
 * accrues on the money actually paid (spec 2b: after discounts and points). Pure: the caller
 * supplies the balance and settings.
 */
export function planPoints(input: PointsPlanInput): PointsPlan {
  const key = (i: number) => String(i + 1);
  const redemptionInput = {
    lines: input.lines.map((line, i) => ({
      lineId: key(i),
      amountMinor: line.totalMinor,
      noPointsPayment: line.noPointsPayment,
    })),
    maxShareBp: maxRedemptionShareBpFor(input.settings, input.tierId),
    minMoneyPaidMinor: input.settings.minMoneyPaidMinor,
    pointValueMinor: input.settings.pointValueMinor,
    activeBalance: input.activeBalance,
  };
  const limit = redemptionLimit(redemptionInput);
  const redemption = planRedemption(redemptionInput, input.requestedPoints);
  if (!redemption.ok) return redemption;
  const rateBp = accrualRateBpFor(input.settings, input.tierId);
  const paid = input.lines.map(
    (line, i) => line.totalMinor - (redemption.lines[i]?.moneyMinor ?? 0),
  );
  const accrual = accrue({
    lines: input.lines.map((line, i) => ({
      lineId: key(i),
      paidMinor: paid[i] as number,
      noAccrual: line.noAccrual || !input.accrues,
      excluded: input.excludedLineIds.has(line.lineId),
      rateBp,
      bonusPoints: input.accrues ? line.bonusPoints : 0,
    })),
    checkBonusPoints: 0,
    pointValueMinor: input.settings.pointValueMinor,
    rounding: input.settings.accrualRounding,
  });
  const lines = input.lines.map(
    (line, i): PricedLine => ({
      lineNo: i + 1,
      lineId: line.lineId,
      sku: line.sku,
      weighted: line.quantityMilli !== null,
      quantity: line.quantityMilli ?? line.quantity ?? 1,
      unitPriceMinor: line.unitPriceMinor,
      totalMinor: line.totalMinor,
      discountMinor: line.discountMinor,
      roundingMinor: line.roundingMinor,
      redeemedPoints: redemption.lines[i]?.points ?? 0,
      redeemedMoneyMinor: redemption.lines[i]?.moneyMinor ?? 0,
      paidMinor: paid[i] as number,
      accruedPoints: accrual.lines[i]?.points ?? 0,
    }),
  );
  return {
    ok: true,
    lines,
    redeemedPoints: redemption.points,
    redeemedMoneyMinor: redemption.moneyMinor,
    accruedPoints: accrual.points,
    limit,
  };
}
