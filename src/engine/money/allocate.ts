/**
 * Splits `totalMinor` into parts proportional to `weights` by largest remainder: every part gets
 * its whole share, then the remainder goes one unit at a time to the largest fractions, ties to
 * the earlier index (299 over [1000, 1000, 1000] → [100, 100, 99]). The parts always add up to the
 * total. With all weights zero the total is split equally the same way.
 */
export function allocate(totalMinor: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  let sum = 0;
  for (const weight of weights) sum += weight;
  const effective = sum === 0 ? weights.map(() => 1) : weights;
  const divisor = sum === 0 ? weights.length : sum;
  const shares: number[] = [];
  const remainders: number[] = [];
  let given = 0;
  // Whole shares inline (no pair per part): this runs for every split of every evaluation.
  for (const weight of effective) {
    const product = totalMinor * weight;
    if (product <= Number.MAX_SAFE_INTEGER) {
      const share = Math.floor(product / divisor);
      shares.push(share);
      remainders.push(product - share * divisor);
      given += share;
    } else {
      const [share, remainder] = divideLargeProduct(totalMinor, weight, divisor);
      shares.push(share);
      remainders.push(remainder);
      given += share;
    }
  }
  const left = totalMinor - given;
  for (const index of largestRemainders(remainders, left)) shares[index] = (shares[index] ?? 0) + 1;
  return shares;
}

/**
 * Indexes of the `count` largest remainders (count < length), ties to the earlier index. A few
 * are picked by scanning; more by finding the count-th largest value in a sorted copy, then
 * taking every larger one and the earliest equal ones (no sort of indexes by two keys).
 */
function largestRemainders(remainders: readonly number[], count: number): number[] {
  if (count === 0) return [];
  if (count > 4) {
    const sorted = remainders.slice().sort((a, b) => a - b);
    const cut = sorted[remainders.length - count] ?? 0;
    let equalSlots = count;
    for (const remainder of remainders) if (remainder > cut) equalSlots -= 1;
    const picked: number[] = [];
    for (let index = 0; index < remainders.length; index += 1) {
      const remainder = remainders[index] as number;
      if (remainder > cut) picked.push(index);
      else if (remainder === cut && equalSlots > 0) {
        picked.push(index);
        equalSlots -= 1;
      }
    }
    return picked;
  }
  const picked: number[] = [];
  for (let k = 0; k < count; k += 1) {
    let best = -1;
    remainders.forEach((remainder, index) => {
      if (picked.includes(index)) return;
      if (best === -1 || remainder > (remainders[best] ?? 0)) best = index;
    });
    picked.push(best);
  }
  return picked;
}

/** [floor(a × b / c), (a × b) mod c] in BigInt, for a product that would lose precision. */
function divideLargeProduct(a: number, b: number, c: number): [number, number] {
  const big = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  return [Number(big / divisor), Number(big % divisor)];
}

/**
 * Like {@link allocate}, but no part exceeds its cap: the excess of a capped part is spread again
 * over the parts that still have room, in proportion to their weights. Returns the parts; their sum
 * is less than the total only when the caps together cannot hold it.
 */
export function allocateCapped(
  totalMinor: number,
  weights: readonly number[],
  caps: readonly number[],
): number[] {
  const parts = weights.map(() => 0);
  let left = totalMinor;
  let open = weights.map((_, i) => i).filter((i) => (caps[i] ?? 0) > 0);
  while (left > 0 && open.length > 0) {
    const shares = allocate(
      left,
      open.map((i) => weights[i] ?? 0),
    );
    let overflow = false;
    open.forEach((lineIndex, k) => {
      const room = (caps[lineIndex] ?? 0) - (parts[lineIndex] ?? 0);
      const share = Math.min(shares[k] ?? 0, room);
      if (share < (shares[k] ?? 0)) overflow = true;
      parts[lineIndex] = (parts[lineIndex] ?? 0) + share;
      left -= share;
    });
    if (!overflow) break;
    open = open.filter((i) => (parts[i] ?? 0) < (caps[i] ?? 0));
  }
  return parts;
}
