import { allocate } from './allocate.ts';
import { assertNonNegativeInteger, assertSafeInteger, mulDiv } from './integers.ts';

export interface RedemptionLine {
  lineId: string;
  /** The line's amount after discounts, in kopecks. */
  amountMinor: number;
  /** Product flag: points may not pay for this line. */
  noPointsPayment: boolean;
}

export interface RedemptionInput {
  lines: readonly RedemptionLine[];
  /** Largest share of the eligible lines' amount payable by points, in basis points. */
  maxShareBp: number;
  /** The check must still be paid at least this much in money, in kopecks. */
  minMoneyPaidMinor: number;
  /** Money value of one point in kopecks. */
  pointValueMinor: number;
  /** The customer's spendable points; negative when the customer owes points. */
  activeBalance: number;
}

/** What capped the redemption, for the cashier's explanation. */
export type RedemptionCap = 'share' | 'min_money' | 'balance' | 'no_eligible_lines';

export interface RedemptionLimit {
  /** Most points this customer may spend on this check. */
  maxPoints: number;
  /** `maxPoints` in money, in kopecks. */
  maxMoneyMinor: number;
  /** Most points the check accepts whatever the balance. */
  limitPoints: number;
  limitedBy: RedemptionCap;
}

/**
 * Most points payable for a cart: the share limit applies to the lines points may pay for (lines
 * flagged `noPointsPayment` neither take points nor widen the limit), the check keeps at least
 * `minMoneyPaidMinor` in money, and only whole points are spent (20% of 1 200 ₽ at 1 point = 1 ₽
 * → 240 points).
 */
export function redemptionLimit(input: RedemptionInput): RedemptionLimit {
  assertNonNegativeInteger('maxShareBp', input.maxShareBp);
  assertNonNegativeInteger('minMoneyPaidMinor', input.minMoneyPaidMinor);
  assertNonNegativeInteger('pointValueMinor', input.pointValueMinor);
  assertSafeInteger('activeBalance', input.activeBalance);
  const checkMinor = sum(input.lines.map((line) => line.amountMinor));
  const eligibleMinor = sum(eligible(input.lines).map((line) => line.amountMinor));
  const shareCapMinor = mulDiv(eligibleMinor, input.maxShareBp, 10_000, 'down');
  const moneyCapMinor = Math.max(0, checkMinor - input.minMoneyPaidMinor);
  const limitPoints = mulDiv(
    Math.min(shareCapMinor, moneyCapMinor),
    1,
    input.pointValueMinor,
    'down',
  );
  const maxPoints = Math.max(0, Math.min(limitPoints, input.activeBalance));
  const limitedBy: RedemptionCap =
    eligibleMinor === 0
      ? 'no_eligible_lines'
      : input.activeBalance < limitPoints
        ? 'balance'
        : moneyCapMinor < shareCapMinor
          ? 'min_money'
          : 'share';
  return { maxPoints, maxMoneyMinor: maxPoints * input.pointValueMinor, limitPoints, limitedBy };
}

export interface LineRedemption {
  lineId: string;
  points: number;
  moneyMinor: number;
}

export type RedemptionRefusalCode =
  | 'redemption_invalid_points'
  | 'redemption_not_allowed'
  | 'redemption_exceeds_balance'
  | 'redemption_exceeds_limit';

export type RedemptionPlan =
  | { ok: true; points: number; moneyMinor: number; lines: LineRedemption[] }
  | { ok: false; code: RedemptionRefusalCode; maxPoints: number };

/**
 * Checks a requested redemption against {@link redemptionLimit} and splits it over the eligible
 * lines: the money and the points each by largest remainder with the line amounts as weights, so
 * every line knows what it took (ineligible lines take 0). A refusal is a value carrying
 * `maxPoints`; codes in order of precedence: `redemption_invalid_points` (not a whole number
 * ≥ 0), `redemption_not_allowed` (no line may be paid by points), `redemption_exceeds_balance`,
 * `redemption_exceeds_limit`.
 */
export function planRedemption(input: RedemptionInput, requestedPoints: number): RedemptionPlan {
  const limit = redemptionLimit(input);
  const refuse = (code: RedemptionRefusalCode): RedemptionPlan => ({
    ok: false,
    code,
    maxPoints: limit.maxPoints,
  });
  if (!Number.isSafeInteger(requestedPoints) || requestedPoints < 0) {
    return refuse('redemption_invalid_points');
  }
  if (requestedPoints > 0 && limit.limitedBy === 'no_eligible_lines') {
    return refuse('redemption_not_allowed');
  }
  if (requestedPoints > input.activeBalance) return refuse('redemption_exceeds_balance');
  if (requestedPoints > limit.limitPoints) return refuse('redemption_exceeds_limit');
  const moneyMinor = requestedPoints * input.pointValueMinor;
  // A positive request passed the limit, so some eligible line has an amount and the zero
  // weights keep the ineligible lines out.
  const weights = input.lines.map((line) => (line.noPointsPayment ? 0 : line.amountMinor));
  const points = allocate(requestedPoints, weights);
  const money = allocate(moneyMinor, weights);
  const lines = input.lines.map((line, i) => ({
    lineId: line.lineId,
    points: points[i] ?? 0,
    moneyMinor: money[i] ?? 0,
  }));
  return { ok: true, points: requestedPoints, moneyMinor, lines };
}

function eligible(lines: readonly RedemptionLine[]): RedemptionLine[] {
  return lines.filter((line) => !line.noPointsPayment);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => {
    assertNonNegativeInteger('amountMinor', value);
    return total + value;
  }, 0);
}
