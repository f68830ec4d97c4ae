import { PerkError } from '../../errors.ts';

/**
 * Integer arithmetic for money. A product of two amounts may exceed 2^53, so the helpers fall back
 * to BigInt when it would; results are exact, rounded once with the named mode.
 *
 * The fast path is one multiplication and one comparison: for non-negative integers a float
 * product at most 2^53 − 1 is exact, and a true product past it never rounds back below it. NaN,
 * infinities and unsafe integers fail that test too and meet the guard of the slow path, which
 * refuses them with a Perk error (422 `amount_too_large`) instead of letting `BigInt()` throw: the
 * domain bounds (./bounds.ts) keep them out, so they only come from input that slipped past.
 */

const SAFE = Number.MAX_SAFE_INTEGER;

/** round-half-up(a × b / c) for non-negative integers a, b and positive c. */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  const product = a * b;
  // floor((2ab + c) / 2c) is the same rounding with no branch on the remainder, whose outcome
  // the processor could not predict (this runs for every line of every percent discount).
  const halfUp = 2 * product + c;
  if (halfUp <= SAFE) return Math.floor(halfUp / (2 * c));
  const divisor = bigDivisor(c);
  return safeResult((big(a) * big(b) * 2n + divisor) / (divisor * 2n));
}

/** floor(a × b / c) for non-negative integers a, b and positive c. */
export function mulDivFloor(a: number, b: number, c: number): number {
  const product = a * b;
  if (product <= SAFE) return Math.floor(product / c);
  return safeResult((big(a) * big(b)) / bigDivisor(c));
}

/** Sign of a/b − c/d for non-negative integers and positive b, d, without division. */
export function compareRatios(a: number, b: number, c: number, d: number): number {
  const left = a * d;
  const right = c * b;
  if (left <= SAFE && right <= SAFE) return Math.sign(left - right);
  const bigLeft = big(a) * bigDivisor(d);
  const bigRight = big(c) * bigDivisor(b);
  return bigLeft === bigRight ? 0 : bigLeft < bigRight ? -1 : 1;
}

/** An amount's percentage in basis points (10 000 = 100%), rounded half up to the kopeck. */
export function percentOfHalfUp(amountMinor: number, percentBp: number): number {
  return mulDivHalfUp(amountMinor, percentBp, 10_000);
}

function big(value: number): bigint {
  if (Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw outOfDomain(`${value} is not a whole amount within the domain`);
}

function bigDivisor(value: number): bigint {
  if (Number.isSafeInteger(value) && value > 0) return BigInt(value);
  throw outOfDomain(`${value} is not a positive whole divisor`);
}

function safeResult(value: bigint): number {
  if (value <= BigInt(SAFE)) return Number(value);
  throw outOfDomain(`${value} is past 2^53`);
}

function outOfDomain(message: string): PerkError {
  return new PerkError(
    'unprocessable',
    'amount_too_large',
    `An amount left the domain: ${message}`,
  );
}
