import { type Static, Type } from 'typebox';
import { mulDivHalfUp } from '../money/rounding.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import type { LineDiscount, Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import { discountableInScope, totalUnits, unitAllowance } from './scope-lines.ts';
import {
  cheapestFirst,
  portionValue,
  takeUnits,
  type UnitPortion,
  wholeLines,
} from './unit-picking.ts';

export const FixedPriceArgsSchema = Type.Object(
  {
    kind: Type.Literal('fixed-price'),
    scope: ProductSelectorSchema,
    priceMinor: Type.Integer({ minimum: 0, description: 'Price per unit (per kg when weighted)' }),
  },
  { additionalProperties: false },
);

export type FixedPriceArgs = Static<typeof FixedPriceArgsSchema>;

function toFixedPrice(portion: UnitPortion, priceMinor: number): LineDiscount {
  const { state, units } = portion;
  const target = state.weighted
    ? mulDivHalfUp(priceMinor, state.line.quantityMilli ?? 0, 1000)
    : priceMinor * units;
  // A unit already cheaper than the fixed price keeps its price.
  return { index: state.index, discountMinor: Math.max(0, portionValue(portion) - target) };
}

/** "Any coffee for 99 ₽": units in scope sold at a price; never raises a price. */
export const fixedPrice: Mechanic<FixedPriceArgs> = {
  code: 'fixed-price',
  argsSchema: FixedPriceArgsSchema,
  description: 'Units in scope sold at a fixed price',
  indexScope: (args) => args.scope,
  apply(input) {
    const { args, limits } = input;
    const eligible = discountableInScope(input, args.scope);
    if (!Array.isArray(eligible)) return refuse(eligible);
    const allowance = unitAllowance(limits);
    const portions =
      allowance >= totalUnits(eligible)
        ? wholeLines(eligible)
        : takeUnits(cheapestFirst(eligible), allowance);
    return discountReward(
      portions.map((p) => toFixedPrice(p, args.priceMinor)),
      { splittable: false },
    );
  },
};
