import { allocate } from './allocate.ts';
import { assertNonNegativeInteger, mulDiv, type Rounding } from './integers.ts';

/** A priced line of a check, as the promotion engine leaves it. */
export interface AccrualLine {
  lineId: string;
  /** Money actually paid for the line after every discount and after points, in kopecks. */
  paidMinor: number;
  /** Product flag: the line earns nothing, neither the rate nor any promotion bonus. */
  noAccrual: boolean;
  /** Excluded from the programme rate (e.g. an excluded category); promotion bonuses still apply. */
  excluded: boolean;
  /** Accrual rate of the line in basis points (the tier rate, or as a promotion raised it). */
  rateBp: number;
  /** Bonus points a promotion gives on this line. */
  bonusPoints?: number;
}

export interface AccrualInput {
  lines: readonly AccrualLine[];
  /** Bonus points a promotion gives on the whole check, split over the lines by money paid. */
  checkBonusPoints: number;
  /** Money value of one point in kopecks (100: 1 point = 1 ₽). */
  pointValueMinor: number;
  /** How the points of each rate are rounded; the programme default is `down`. */
  rounding: Rounding;
}

export interface LineAccrual {
  lineId: string;
  /** This line's share of the points of its rate. */
  ratePoints: number;
  bonusPoints: number;
  /** This line's share of the check-level bonus. */
  checkBonusPoints: number;
  /** Everything the line accrued: what a return of the whole line takes back. */
  points: number;
}

export interface Accrual {
  lines: LineAccrual[];
  points: number;
  /** Bonus points offered that no line may carry (`noAccrual` lines only): not accrued. */
  refusedBonusPoints: number;
}

/**
 * Points a check accrues, per line. The points of each rate are computed once on the money paid
 * for all lines of that rate, rounded once (`down` or `half_up`), then split over those lines by
 * money paid with {@link allocate}: 3% of 470.00 ₽ at 1 point = 1 ₽ is floor(47 000 × 300 /
 * 10 000 / 100) = 14 points. Line bonuses stay on their line; the check bonus is split by money
 * paid over the lines that may carry points.
 *
 * @throws RangeError for a negative or fractional amount (a bug upstream)
 */
export function accrue(input: AccrualInput): Accrual {
  assertNonNegativeInteger('checkBonusPoints', input.checkBonusPoints);
  const ratePoints = ratePointsByLine(input);
  const checkShares = checkBonusByLine(input);
  // With no line able to carry it, the whole check bonus is refused.
  let refusedBonusPoints = input.lines.every((line) => line.noAccrual) ? input.checkBonusPoints : 0;
  const lines = input.lines.map((line, i): LineAccrual => {
    const offered = line.bonusPoints ?? 0;
    assertNonNegativeInteger('bonusPoints', offered);
    if (line.noAccrual) refusedBonusPoints += offered;
    const bonusPoints = line.noAccrual ? 0 : offered;
    const base = ratePoints[i] ?? 0;
    const checkBonusPoints = checkShares[i] ?? 0;
    const points = base + bonusPoints + checkBonusPoints;
    return { lineId: line.lineId, ratePoints: base, bonusPoints, checkBonusPoints, points };
  });
  const points = lines.reduce((sum, line) => sum + line.points, 0);
  return { lines, points, refusedBonusPoints };
}

/** Rate points per line index: each rate rounded once on its lines' total, then allocated. */
function ratePointsByLine(input: AccrualInput): number[] {
  const byRate = new Map<number, number[]>();
  input.lines.forEach((line, i) => {
    assertNonNegativeInteger('paidMinor', line.paidMinor);
    assertNonNegativeInteger('rateBp', line.rateBp);
    if (line.noAccrual || line.excluded || line.rateBp === 0) return;
    byRate.set(line.rateBp, [...(byRate.get(line.rateBp) ?? []), i]);
  });
  const result = input.lines.map(() => 0);
  for (const [rateBp, indexes] of byRate) {
    const paid = indexes.map((i) => input.lines[i]?.paidMinor ?? 0);
    const total = paid.reduce((a, b) => a + b, 0);
    const points = mulDiv(total, rateBp, 10_000 * input.pointValueMinor, input.rounding);
    allocate(points, paid).forEach((share, k) => {
      result[indexes[k] ?? 0] = share;
    });
  }
  return result;
}

/** The check bonus split by money paid over the lines that may carry points (zero elsewhere). */
function checkBonusByLine(input: AccrualInput): number[] {
  const carriers = input.lines.flatMap((line, i) => (line.noAccrual ? [] : [i]));
  const result = input.lines.map(() => 0);
  if (carriers.length === 0) return result;
  const paid = carriers.map((i) => input.lines[i]?.paidMinor ?? 0);
  allocate(input.checkBonusPoints, paid).forEach((share, k) => {
    result[carriers[k] ?? 0] = share;
  });
  return result;
}
