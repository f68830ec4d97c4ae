/** How a fractional result is turned into a whole number. */
export type Rounding = 'down' | 'half_up';

/**
 * Throws when `value` is not a non-negative safe integer. Amounts reaching the ledger were
 * validated at the edge, so a bad one here is a bug, not an expected outcome.
 */
export function assertNonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * `a × b / divisor` for non-negative integers, rounded once with the named mode.
 * Computed in BigInt so the product cannot lose precision past 2^53.
 */
export function mulDiv(a: number, b: number, divisor: number, rounding: Rounding): number {
  assertNonNegativeInteger('a', a);
  assertNonNegativeInteger('b', b);
  assertNonNegativeInteger('divisor', divisor);
  if (divisor === 0) throw new RangeError('divisor must be positive');
  const product = BigInt(a) * BigInt(b);
  const d = BigInt(divisor);
  const quotient = rounding === 'down' ? product / d : (2n * product + d) / (2n * d);
  return Number(quotient);
}
