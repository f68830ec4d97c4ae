import type { CustomerReference } from '../carts/customer-reference.ts';
import {
  MAX_AMOUNT_MINOR,
  MAX_QUANTITY_MILLI,
  MAX_UNIT_PRICE_MINOR,
} from '../engine/money/bounds.ts';
import type { HistoryChannel } from '../store/schema.ts';

/**
 * One line of a past check as another system exported it. The check's own fields (time, store,
 * channel, customer) repeat on each of its lines and must agree.
 */
export interface HistoryLineInput {
  checkId: string;
  /** An instant with its offset (`2024-03-01T14:05:00+03:00`), or a local date-time without one
   * (`2024-03-01 14:05`, `01.03.2024 14:05:00`) read in the store's time zone. */
  at: string;
  storeId: string;
  /** Absent: told by the store (a `pos` store sells offline, `web` and `app` online). */
  channel?: HistoryChannel | undefined;
  /** Absent: an anonymous check, which still counts in revenue and checks. */
  customer?: CustomerReference | undefined;
  sku: string;
  /** Thousandths of a unit: one piece is 1000, 2.474 kg is 2474. */
  quantityMilli: number;
  /** Price of one unit before the discount, kopecks. */
  priceMinor: number;
  /** Discount on the whole line, kopecks; 0 when absent. */
  discountMinor?: number | undefined;
  /** Money paid for the line, kopecks (less than total − discount when points or a certificate paid a part). */
  paidMinor: number;
}

/** A fault of one line: the field (a key of {@link HistoryLineInput}), a stable code, a message. */
export interface LineProblem {
  field: string;
  code: string;
  message: string;
}

const idPattern = /^[A-Za-z0-9._:/#-]{1,100}$/;
const skuPattern = /^[^\s](.{0,98}[^\s])?$/;

/** The line total in kopecks: `round(price × quantity)`, half up, exact in integers. */
export function lineTotalMinor(priceMinor: number, quantityMilli: number): number {
  return Number((BigInt(priceMinor) * BigInt(quantityMilli) + 500n) / 1000n);
}

/**
 * Every fault of a line's own fields at once (what needs no database): id and SKU shape,
 * quantity in (0, {@link MAX_QUANTITY_MILLI}], amounts whole and within bounds, discount not above the line
 * total, paid not above total − discount. Codes: `invalid_check_id`, `invalid_sku`,
 * `invalid_quantity`, `invalid_amount`, `discount_exceeds_total`, `paid_exceeds_total`.
 */
export function lineProblems(line: HistoryLineInput): LineProblem[] {
  const problems: LineProblem[] = [];
  const add = (field: string, code: string, message: string) =>
    problems.push({ field, code, message });
  if (!idPattern.test(line.checkId)) {
    add('checkId', 'invalid_check_id', 'must be 1 to 100 of A-Z a-z 0-9 . _ : / # -');
  }
  if (!skuPattern.test(line.sku)) add('sku', 'invalid_sku', 'must be 1 to 100 characters');
  if (!isWhole(line.quantityMilli, 1, MAX_QUANTITY_MILLI)) {
    add('quantityMilli', 'invalid_quantity', 'must be above 0 and at most 100 000 units');
  }
  if (!isWhole(line.priceMinor, 0, MAX_UNIT_PRICE_MINOR)) {
    add('priceMinor', 'invalid_amount', 'must be whole kopecks from 0 to 100 000 000 ₽');
  }
  for (const field of ['discountMinor', 'paidMinor'] as const) {
    if (!isWhole(line[field] ?? 0, 0, MAX_AMOUNT_MINOR)) {
      add(field, 'invalid_amount', 'must be whole kopecks from 0 to 10 000 000 000 ₽');
    }
  }
  if (problems.length > 0) return problems;
  const total = lineTotalMinor(line.priceMinor, line.quantityMilli);
  const discount = line.discountMinor ?? 0;
  if (discount > total) {
    add('discountMinor', 'discount_exceeds_total', `is more than the line total ${total}`);
  } else if (line.paidMinor > total - discount) {
    add('paidMinor', 'paid_exceeds_total', `is more than total − discount = ${total - discount}`);
  }
  return problems;
}

function isWhole(value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}
