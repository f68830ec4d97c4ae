import { PerkError } from '../errors.ts';

/** How a fractional result is turned into a whole number. */
export type Rounding = 'down' | 'half_up';

/**
 * Throws a Perk error (422 `amount_out_of_range`) when `value` is not a non-negative safe
 * integer. Amounts reaching the ledger are bounded at the edge (engine/money/bounds.ts), so one
 * out of range means input slipped past a bound; it is refused, never a crash.
 */
export function assertNonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw outOfRange(`${name} must be a non-negative integer below 2^53, got ${value}`);
  }
}

/** As {@link assertNonNegativeInteger}, negatives allowed (a balance in debt). */
export function assertSafeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw outOfRange(`${name} must be an integer below 2^53 in size, got ${value}`);
  }
}

/**
 * `a × b / divisor` for non-negative integers, rounded once with the named mode. Computed in
 * BigInt so the product cannot lose precision past 2^53; a result past 2^53 is refused (422
 * `amount_too_large`), as is a zero divisor (422 `amount_out_of_range`).
 */
export function mulDiv(a: number, b: number, divisor: number, rounding: Rounding): number {
  assertNonNegativeInteger('a', a);
  assertNonNegativeInteger('b', b);
  assertNonNegativeInteger('divisor', divisor);
  if (divisor === 0) throw outOfRange('divisor must be positive');
  const product = BigInt(a) * BigInt(b);
  const d = BigInt(divisor);
  const quotient = rounding === 'down' ? product / d : (2n * product + d) / (2n * d);
  if (quotient > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new PerkError('unprocessable', 'amount_too_large', `${quotient} is past 2^53`);
  }
  return Number(quotient);
}

function outOfRange(message: string): PerkError {
  return new PerkError('unprocessable', 'amount_out_of_range', message);
}
