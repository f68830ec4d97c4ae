import { amountOff } from './amount-off.ts';
import { bundle } from './bundle.ts';
import { crossDiscount } from './cross-discount.ts';
import { extraPoints } from './extra-points.ts';
import { fixedPrice } from './fixed-price.ts';
import { gift } from './gift.ts';
import { manualDiscount } from './manual-discount.ts';
import type { Mechanic } from './mechanic.ts';
import { nthItem } from './nth-item.ts';
import { percentOff } from './percent-off.ts';
import { spendThreshold } from './spend-threshold.ts';

/**
 * Every mechanic the engine knows, by stable code. (`Mechanic`'s methods are bivariant in their
 * args, so each entry keeps its own narrow args type.)
 */
export const mechanics: readonly Mechanic[] = [
  percentOff,
  amountOff,
  fixedPrice,
  nthItem,
  bundle,
  crossDiscount,
  gift,
  spendThreshold,
  extraPoints,
  manualDiscount,
];

const byCode = new Map(mechanics.map((mechanic) => [mechanic.code, mechanic]));

export function mechanicFor(code: string): Mechanic | undefined {
  return byCode.get(code);
}
