/**
 * Splits `totalMinor` into parts proportional to `weights` by largest remainder: every part gets
 * its whole share, then the remainder goes one unit at a time to the largest fractions, ties to
 * the earlier index (299 over [1000, 1000, 1000] → [100, 100, 99]). The parts always add up to the
 * total. With all weights zero the total is split equally the same way.
 */
export function allocate(totalMinor: number, weights: readonly number[]): number[] {
  // Sized up front: a list grown by pushing leaves its outgrown copies behind, and splits run for
  // every cart-wide discount over all its lines.
  const shares = new Array<number>(weights.length);
  allocateInto(totalMinor, weights, weights.length, shares);
  return shares;
}

/**
 * {@link allocate} over the first `count` weights, writing the shares into `shares`: for callers
 * that turn the shares into something else at once and keep a scratch list for them.
 */
export function allocateInto(
  totalMinor: number,
  weights: readonly number[],
  count: number,
  shares: number[],
): void {
  if (count === 0) return;
  let sum = 0;
  for (let i = 0; i < count; i += 1) sum += weights[i] as number;
  const equal = sum === 0;
  const divisor = equal ? count : sum;
  if (remainders.length < count) remainders = new Float64Array(count * 2);
  const rests = remainders;
  let given = 0;
  // Whole shares inline, remainders in module scratch: this runs for every split of every
  // evaluation, and only the shares leave it.
  for (let i = 0; i < count; i += 1) {
    const weight = equal ? 1 : (weights[i] as number);
    const product = totalMinor * weight;
    let share: number;
    if (product <= Number.MAX_SAFE_INTEGER) {
      share = Math.floor(product / divisor);
      rests[i] = product - share * divisor;
    } else {
      const big = BigInt(totalMinor) * BigInt(weight);
      const bigDivisor = BigInt(divisor);
      share = Number(big / bigDivisor);
      rests[i] = Number(big % bigDivisor);
    }
    shares[i] = share;
    given += share;
  }
  const left = totalMinor - given;
  // A scan per unit is cheaper than selecting the cut until the scans add up to a few dozen steps.
  if (left * count > SCAN_LIMIT) topUpByBuckets(shares, count, left, divisor);
  else topUpByScan(shares, count, left);
}

const SCAN_LIMIT = 64;

// Scratch for `allocate`, grown on demand. Safe because allocation is synchronous and the
// scratch never escapes; remainders are below the divisor, so a double holds them exactly.
let remainders = new Float64Array(64);
let selected = new Float64Array(64);
let cutIndexes = new Int32Array(64);
let bucketOf = new Uint8Array(64);
const BUCKETS = 64;
const bucketCounts = new Int32Array(BUCKETS);

/**
 * Adds one to the shares of the `left` largest remainders (left < count), ties to the earlier
 * index. Remainders are first ranked into buckets by `floor(remainder × 64 / divisor)`, which
 * never puts a larger remainder in a lower bucket; the buckets above the cut all get a unit, and
 * only the few remainders in the cut bucket are compared exactly. A selection over all of them
 * compared values in a data-dependent order, and its mispredicted branches made it most of a
 * split's cost.
 */
function topUpByBuckets(shares: number[], count: number, left: number, divisor: number): void {
  if (bucketOf.length < count) {
    bucketOf = new Uint8Array(count * 2);
    selected = new Float64Array(count * 2);
    cutIndexes = new Int32Array(count * 2);
  }
  // The scratch in locals: module variables that may be reassigned are read again at every use.
  const buckets = bucketOf;
  const values = selected;
  const inCutAt = cutIndexes;
  const rests = remainders;
  bucketCounts.fill(0);
  const scale = BUCKETS / divisor;
  for (let i = 0; i < count; i += 1) {
    const bucket = Math.min(BUCKETS - 1, Math.floor((rests[i] as number) * scale));
    buckets[i] = bucket;
    bucketCounts[bucket] = (bucketCounts[bucket] as number) + 1;
  }
  let cut = BUCKETS - 1;
  let need = left;
  while ((bucketCounts[cut] as number) < need) {
    need -= bucketCounts[cut] as number;
    cut -= 1;
  }
  // The cut bucket's members are noted as met (in index order), so the exact comparisons below
  // walk only them, not every part again. No branch on the bucket, whose outcome the processor
  // cannot predict: `(cut − b) >>> 31` is 1 exactly when b > cut, `((b ^ cut) − 1) >>> 31`
  // exactly when b = cut (buckets are 0–63), and every part is written at the next slot, which
  // only a cut member keeps.
  let inCut = 0;
  for (let i = 0; i < count; i += 1) {
    const bucket = buckets[i] as number;
    shares[i] = (shares[i] as number) + ((cut - bucket) >>> 31);
    values[inCut] = rests[i] as number;
    inCutAt[inCut] = i;
    inCut += ((bucket ^ cut) - 1) >>> 31;
  }
  // In the cut bucket: every remainder above its need-th largest, then the earliest equal ones.
  const value =
    need === inCut ? Number.NEGATIVE_INFINITY : valueOfRank(values, inCut, inCut - need);
  let equalSlots = need;
  for (let m = 0; m < inCut; m += 1) {
    if ((rests[inCutAt[m] as number] as number) > value) equalSlots -= 1;
  }
  for (let m = 0; m < inCut; m += 1) {
    const i = inCutAt[m] as number;
    const remainder = rests[i] as number;
    if (remainder > value) shares[i] = (shares[i] as number) + 1;
    else if (remainder === value && equalSlots > 0) {
      shares[i] = (shares[i] as number) + 1;
      equalSlots -= 1;
    }
  }
}

/**
 * The value at ascending position `rank` among the first `count` of `values`, which it reorders
 * (Hoare's quickselect with a middle pivot): linear on average, where a sort is n log n.
 */
function valueOfRank(values: Float64Array, count: number, rank: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] as number) < pivot) i += 1;
      while ((values[j] as number) > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (rank <= j) high = j;
    else if (rank >= i) low = i;
    else break;
  }
  return values[rank] as number;
}

/** The same for a few units: scan for the largest remainder once per unit. */
function topUpByScan(shares: number[], count: number, left: number): void {
  for (let k = 0; k < left; k += 1) {
    let best = -1;
    for (let i = 0; i < count; i += 1) {
      if (best === -1 || (remainders[i] as number) > (remainders[best] as number)) best = i;
    }
    shares[best] = (shares[best] as number) + 1;
    // Taken: below every real remainder, so the next scan skips it.
    remainders[best] = Number.NEGATIVE_INFINITY;
  }
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
  const parts = new Array<number>(weights.length);
  allocateCappedInto(totalMinor, weights, caps, parts);
  return parts;
}

// Scratch for `allocateCappedInto` (synchronous, never escaping): only the parts leave it.
const openScratch: number[] = [];
const openWeightsScratch: number[] = [];
const openSharesScratch: number[] = [];

/** {@link allocateCapped} writing the parts into `parts` (which may be a caller's scratch). */
export function allocateCappedInto(
  totalMinor: number,
  weights: readonly number[],
  caps: readonly number[],
  parts: number[],
): void {
  // Plain loops over one list of open parts, narrowed in place: this runs whenever a discount is
  // capped, over every line of a cart-wide one.
  const count = weights.length;
  const open = openScratch;
  open.length = 0;
  for (let i = 0; i < count; i += 1) {
    parts[i] = 0;
    if ((caps[i] ?? 0) > 0) open.push(i);
  }
  const openWeights = openWeightsScratch;
  const shares = openSharesScratch;
  let left = totalMinor;
  while (left > 0 && open.length > 0) {
    const openCount = open.length;
    for (let k = 0; k < openCount; k += 1) openWeights[k] = weights[open[k] as number] ?? 0;
    allocateInto(left, openWeights, openCount, shares);
    let overflow = false;
    for (let k = 0; k < openCount; k += 1) {
      const lineIndex = open[k] as number;
      const wanted = shares[k] ?? 0;
      const share = Math.min(wanted, (caps[lineIndex] ?? 0) - (parts[lineIndex] as number));
      if (share < wanted) overflow = true;
      parts[lineIndex] = (parts[lineIndex] as number) + share;
      left -= share;
    }
    if (!overflow) break;
    let kept = 0;
    for (const i of open) if ((parts[i] as number) < (caps[i] ?? 0)) open[kept++] = i;
    open.length = kept;
  }
}
