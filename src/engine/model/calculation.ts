import type { LocalizedText } from '../explain/messages.ts';
import type { ReasonCode, ReasonParams } from '../explain/reason.ts';

export interface PromotionAmount {
  readonly promotionId: string;
  readonly discountMinor: number;
}

export interface PromotionPoints {
  readonly promotionId: string;
  readonly points: number;
}

/**
 * A receipt line. For whole units `unitPriceMinor × quantity = totalMinor` exactly; an input line
 * whose discount does not spread evenly comes out as two lines with the same `lineId`. A weighted
 * line is never split: `quantityMilli` is in thousandths, `unitPriceMinor` stays the regular price
 * per unit of measure and the discount is an amount on its total.
 */
export interface CalculatedLine {
  readonly lineId: string;
  readonly sku: string;
  readonly quantity: number | null;
  readonly quantityMilli: number | null;
  readonly regularUnitPriceMinor: number;
  readonly unitPriceMinor: number;
  readonly regularTotalMinor: number;
  readonly totalMinor: number;
  /** The promotions' amounts plus `roundingMinor`. */
  readonly discountMinor: number;
  /** The line's share of the check rounding (ruleset's `roundTotalDownToMinor`); 0 when none. */
  readonly roundingMinor: number;
  readonly promotions: readonly PromotionAmount[];
  readonly bonusPoints: number;
  readonly bonusByPromotion: readonly PromotionPoints[];
  readonly gift: boolean;
  readonly noPointsPayment: boolean;
  readonly noAccrual: boolean;
}

export interface AppliedPromotion {
  readonly promotionId: string;
  readonly name: string;
  readonly mechanic: string;
  readonly discountMinor: number;
  readonly points: number;
  readonly couponCode: string | null;
}

export interface ExplainedReason {
  readonly code: ReasonCode;
  readonly params: ReasonParams;
  readonly text: LocalizedText;
}

export interface ExplanationNote extends ExplainedReason {
  /** Input lines the note is about; empty for check-wide notes. */
  readonly lineIds: readonly string[];
}

/** Why a considered promotion applied or not, in a machine code and in words. */
export interface Explanation extends ExplainedReason {
  readonly promotionId: string;
  readonly name: string;
  readonly mechanic: string;
  readonly applied: boolean;
  readonly discountMinor: number;
  readonly points: number;
  /** Partial caps: a line held at its minimum price, a limit reached. */
  readonly notes: readonly ExplanationNote[];
  /** Advice such as how much is missing to the next tier. */
  readonly hint: ExplainedReason | null;
}

export interface CouponResult {
  readonly code: string;
  readonly promotionId: string | null;
  readonly accepted: boolean;
  readonly reason: string | null;
}

/** The result of `calculate`: plain JSON, identical for identical inputs. */
export interface Calculation {
  readonly rulesetVersion: string;
  readonly lines: readonly CalculatedLine[];
  readonly subtotalMinor: number;
  /** Every discount, the check rounding included. */
  readonly discountMinor: number;
  readonly totalMinor: number;
  /**
   * What rounding the total down took, spread over the lines' `roundingMinor`. Not a promotion:
   * it is in no `appliedPromotions`, `explanations` or line `promotions` entry.
   */
  readonly roundingMinor: number;
  readonly bonusPoints: number;
  readonly appliedPromotions: readonly AppliedPromotion[];
  readonly explanations: readonly Explanation[];
  readonly coupons: readonly CouponResult[];
  readonly receiptMessages: readonly LocalizedText[];
}
