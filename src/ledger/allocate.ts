import { assertNonNegativeInteger } from './integers.ts';

/**
 * Splits `total` points into whole parts proportional to `weights` (largest remainder).
 *
 * Each part first gets the floor of its exact share `total × weight / Σweights`; the units left
 * over go one each to the parts with the largest fractional remainder, ties to the earlier index
 * (299 over [1000, 1000, 1000] → [100, 100, 99]). When every weight is zero the total is split
 * evenly the same way. The parts always sum to `total` and each is within 1 of its exact share.
 *
 * @param total - points to split, a non-negative integer
 * @param weights - non-negative integers, e.g. line amounts in kopecks
 * @throws RangeError for a non-integer or negative input, or a positive total with no weights
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertNonNegativeInteger('total', total);
  for (const weight of weights) assertNonNegativeInteger('weight', weight);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError('cannot allocate a positive total over no weights');
  }
  const allZero = weights.every((weight) => weight === 0);
  const effective = (allZero ? weights.map(() => 1) : weights).map(BigInt);
  const sum = effective.reduce((a, b) => a + b, 0n);
  const bigTotal = BigInt(total);
  const parts = effective.map((weight) => (bigTotal * weight) / sum);
  const remainders = effective.map((weight) => (bigTotal * weight) % sum);
  let left = total - Number(parts.reduce((a, b) => a + b, 0n));
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((x, y) =>
      x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1,
    );
  for (const { index } of order) {
    if (left === 0) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1;
  }
  return parts.map(Number);
}
