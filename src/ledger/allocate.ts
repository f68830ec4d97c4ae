import { allocate as allocateMinor } from '../engine/money/allocate.ts';
import { assertNonNegativeInteger } from './integers.ts';

/**
 * Splits `total` points into whole parts proportional to `weights` (largest remainder): the
 * engine's split of money, with the ledger's checks of its input, so points and kopecks are
 * divided by one rule (299 over [1000, 1000, 1000] → [100, 100, 99]; all weights zero: evenly).
 *
 * @param total - points to split, a non-negative integer
 * @param weights - non-negative integers, e.g. line amounts in kopecks
 * @throws RangeError for a non-integer or negative input, or a positive total with no weights
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertNonNegativeInteger('total', total);
  for (const weight of weights) assertNonNegativeInteger('weight', weight);
  if (weights.length === 0 && total > 0) {
    throw new RangeError('cannot allocate a positive total over no weights');
  }
  return allocateMinor(total, weights);
}
