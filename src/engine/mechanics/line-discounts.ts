import type { LineDiscount } from './mechanic.ts';

interface PooledDiscount {
  index: number;
  discountMinor: number;
}

/**
 * Line discounts come from a pool every calculation reuses. A 50-line cart against a thousand
 * promotions takes about 700, most for promotions that lose under stacking, and as fresh objects
 * they were a tenth of a calculation's garbage. An entry is written once, when taken, and never
 * after; none outlives the calculation that took it (results carry amounts in objects of their
 * own), and calculations run one at a time, so each hands the pool out again from the start
 * (`reuseLineDiscounts`). Past the cap (a huge cart), entries are plain new objects.
 */
const pool: PooledDiscount[] = [];
let taken = 0;
const MAX_POOLED = 65_536;

export function lineDiscount(index: number, discountMinor: number): LineDiscount {
  const pooled = pool[taken];
  if (pooled !== undefined) {
    pooled.index = index;
    pooled.discountMinor = discountMinor;
    taken += 1;
    return pooled;
  }
  const fresh = { index, discountMinor };
  if (pool.length < MAX_POOLED) {
    pool.push(fresh);
    taken += 1;
  }
  return fresh;
}

/** At the start of a calculation: every entry taken by earlier ones may be handed out again. */
export function reuseLineDiscounts(): void {
  taken = 0;
}
