/**
 * Integer arithmetic for money. Every product of two amounts may exceed 2^53, so the helpers fall
 * back to BigInt when it would; results are exact, rounded once with the named mode.
 */

const SAFE = Number.MAX_SAFE_INTEGER;

function isSafeProduct(a: number, b: number): boolean {
  return a === 0 || b <= SAFE / a;
}

/** round-half-up(a × b / c) for non-negative integers a, b and positive c. */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  if (isSafeProduct(a, b)) {
    const product = a * b;
    const quotient = Math.floor(product / c);
    const remainder = product - quotient * c;
    return remainder * 2 >= c ? quotient + 1 : quotient;
  }
  const big = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  return Number((big * 2n + divisor) / (divisor * 2n));
}

/** floor(a × b / c) for non-negative integers a, b and positive c. */
export function mulDivFloor(a: number, b: number, c: number): number {
  if (isSafeProduct(a, b)) {
    const product = a * b;
    return Math.floor(product / c);
  }
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** Sign of a/b − c/d for non-negative integers and positive b, d, without division. */
export function compareRatios(a: number, b: number, c: number, d: number): number {
  if (isSafeProduct(a, d) && isSafeProduct(c, b)) {
    return Math.sign(a * d - c * b);
  }
  const left = BigInt(a) * BigInt(d);
  const right = BigInt(c) * BigInt(b);
  return left === right ? 0 : left < right ? -1 : 1;
}

/** An amount's percentage in basis points (10 000 = 100%), rounded half up to the kopeck. */
export function percentOfHalfUp(amountMinor: number, percentBp: number): number {
  return mulDivHalfUp(amountMinor, percentBp, 10_000);
}
