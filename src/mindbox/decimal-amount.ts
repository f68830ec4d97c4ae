import { MAX_AMOUNT_MINOR, MAX_QUANTITY_MILLI } from '../engine/money/bounds.ts';

/** A number read from a Mindbox body, or why it cannot be one. */
export type ParsedAmount = { ok: true; value: number } | { ok: false; message: string };

const decimalPattern = /^(\d{1,16})(?:\.(\d+))?$/;

/**
 * A non-negative decimal written as a JSON number or a numeric string, scaled to an integer of
 * `decimals` places without floating-point arithmetic: the number's shortest text (`String(99.67)`
 * is "99.67") is split at the point and the digits are read as integers. More places than
 * `decimals`, a sign, an exponent or anything above `max` (in the scaled unit) is refused.
 */
export function parseDecimal(value: unknown, decimals: number, max: number): ParsedAmount {
  if (typeof value !== 'number' && typeof value !== 'string')
    return { ok: false, message: 'must be a number or a numeric string' };
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = decimalPattern.exec(text);
  if (!match) return { ok: false, message: `"${text.slice(0, 40)}" is not a non-negative decimal` };
  const fraction = match[2] ?? '';
  if (fraction.length > decimals)
    return { ok: false, message: `has more than ${decimals} decimal places` };
  const whole = Number(match[1]);
  const scaled = whole * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
  if (!Number.isSafeInteger(scaled) || scaled > max)
    return { ok: false, message: `is above ${max / 10 ** decimals}` };
  return { ok: true, value: scaled };
}

/** Roubles (up to two decimals) as kopecks; at most MAX_AMOUNT_MINOR. */
export function parseRoubles(value: unknown): ParsedAmount {
  return parseDecimal(value, 2, MAX_AMOUNT_MINOR);
}

/** A quantity (up to three decimals, for weighted goods) in thousandths. */
export function parseQuantityMilli(value: unknown): ParsedAmount {
  return parseDecimal(value, 3, MAX_QUANTITY_MILLI);
}

/**
 * Kopecks as the roubles number Mindbox answers with. `minor / 100` is the double nearest the
 * two-place decimal, which JSON writes back with exactly those places (9967 → 99.67).
 */
export function roublesOf(minor: number): number {
  return minor / 100;
}
