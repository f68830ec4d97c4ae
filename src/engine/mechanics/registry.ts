import { amountOff } from './amount-off.ts';
import { fixedPrice } from './fixed-price.ts';
import type { Mechanic } from './mechanic.ts';
import { percentOff } from './percent-off.ts';

/**
 * Every mechanic the engine knows, by stable code. (`Mechanic`'s methods are bivariant in their
 * args, so each entry keeps its own narrow args type.)
 */
export const mechanics: readonly Mechanic[] = [percentOff, amountOff, fixedPrice];

const byCode = new Map(mechanics.map((mechanic) => [mechanic.code, mechanic]));

export function mechanicFor(code: string): Mechanic | undefined {
  return byCode.get(code);
}
