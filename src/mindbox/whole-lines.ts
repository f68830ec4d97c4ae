import type { CalculatedLine } from '../engine/model/calculation.ts';

/** A discount on a whole line: a promotion's, or (`promotionId` null) the check rounding's share. */
export interface LineDiscount {
  promotionId: string | null;
  discountMinor: number;
}

/** One input line as a Mindbox client keeps it: never split, its total a multiple of its units. */
export interface WholeLine {
  lineId: string;
  sku: string;
  /** Whole units, or null for weighted goods (whose price per kg is a division anyway). */
  units: number | null;
  regularTotalMinor: number;
  totalMinor: number;
  discounts: LineDiscount[];
  bonusByPromotion: { promotionId: string; points: number }[];
  gift: boolean;
}

/** The lines, and the kopecks no line could take back: the check total went down by them. */
export interface WholeLines {
  lines: WholeLine[];
  keptByCustomerMinor: number;
}

/**
 * Joins the parts of each split line and makes every line's total a multiple of its quantity, for
 * clients (the 1C-Bitrix module) that keep one line per `lineId` and divide its total by the
 * quantity. A line of q units totalling T with r = T mod q > 0 goes down to q·⌊T/q⌋: its unit
 * price is the lower of its two receipt prices, which the engine keeps at or above the minimum
 * price. The r kopecks are then taken back from single-unit lines that have a discount, the
 * largest discount first (gifts stay free), so the check total is unchanged; what no such line can take back stays
 * with the customer (`keptByCustomerMinor`), as check rounding does. Each move changes the line's
 * largest discount, so a line's discounts still add up to regular total − total.
 */
export function wholeLines(calculated: readonly CalculatedLine[]): WholeLines {
  const lines = joinParts(calculated);
  let owed = 0;
  for (const line of lines) {
    if (line.units === null || line.units < 2) continue;
    const remainder = line.totalMinor % line.units;
    if (remainder === 0) continue;
    line.totalMinor -= remainder;
    largest(line.discounts).discountMinor += remainder;
    owed += remainder;
  }
  const takers = lines
    .filter((line) => line.units === 1 && !line.gift && line.regularTotalMinor > line.totalMinor)
    .sort((a, b) => b.regularTotalMinor - b.totalMinor - (a.regularTotalMinor - a.totalMinor));
  for (const line of takers) {
    if (owed === 0) break;
    const taken = Math.min(owed, line.regularTotalMinor - line.totalMinor);
    line.totalMinor += taken;
    takeBack(line.discounts, taken);
    owed -= taken;
  }
  return { lines, keptByCustomerMinor: owed };
}

function joinParts(calculated: readonly CalculatedLine[]): WholeLine[] {
  const byId = new Map<string, WholeLine>();
  for (const part of calculated) {
    const key = `${part.gift ? 'gift' : 'line'}:${part.lineId}`;
    let line = byId.get(key);
    if (!line) {
      line = {
        lineId: part.lineId,
        sku: part.sku,
        units: part.quantity === null ? null : 0,
        regularTotalMinor: 0,
        totalMinor: 0,
        discounts: [],
        bonusByPromotion: [],
        gift: part.gift,
      };
      byId.set(key, line);
    }
    if (line.units !== null) line.units += part.quantity ?? 0;
    line.regularTotalMinor += part.regularTotalMinor;
    line.totalMinor += part.totalMinor;
    for (const p of part.promotions) add(line.discounts, p.promotionId, p.discountMinor);
    if (part.roundingMinor > 0) add(line.discounts, null, part.roundingMinor);
    for (const p of part.bonusByPromotion) {
      const same = line.bonusByPromotion.find((b) => b.promotionId === p.promotionId);
      if (same) same.points += p.points;
      else line.bonusByPromotion.push({ promotionId: p.promotionId, points: p.points });
    }
  }
  return [...byId.values()];
}

function add(discounts: LineDiscount[], promotionId: string | null, discountMinor: number): void {
  const same = discounts.find((d) => d.promotionId === promotionId);
  if (same) same.discountMinor += discountMinor;
  else discounts.push({ promotionId, discountMinor });
}

// A line with a remainder has a discount: its regular total is a multiple of its units.
function largest(discounts: LineDiscount[]): LineDiscount {
  let best = discounts[0] as LineDiscount;
  for (const d of discounts) if (d.discountMinor > best.discountMinor) best = d;
  return best;
}

function takeBack(discounts: LineDiscount[], amount: number): void {
  let left = amount;
  for (const d of [...discounts].sort((a, b) => b.discountMinor - a.discountMinor)) {
    const taken = Math.min(left, d.discountMinor);
    d.discountMinor -= taken;
    left -= taken;
  }
  discounts.splice(0, discounts.length, ...discounts.filter((d) => d.discountMinor > 0));
}
