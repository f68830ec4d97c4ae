import { type Static, Type } from 'typebox';
import { MAX_UNIT_PRICE_MINOR } from '../money/bounds.ts';
import { mulDivHalfUp } from '../money/rounding.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import { describeArgs, scopeText } from './describe-args.ts';
import { addLineDiscount, nextDiscount } from './line-discounts.ts';
import type { LineState, Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import { discountableInScope, isReason, totalUnits, unitAllowance } from './scope-lines.ts';
import { cheapestFirst, takeUnits } from './unit-picking.ts';

const bareArgs = Type.Object(
  {
    kind: Type.Literal('fixed-price'),
    scope: ProductSelectorSchema,
    priceMinor: Type.Integer({
      minimum: 0,
      maximum: MAX_UNIT_PRICE_MINOR,
      description: 'Price per unit (per kg when weighted)',
    }),
  },
  { additionalProperties: false },
);

export const FixedPriceArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Фиксированная цена', en: 'Fixed price' },
  description: {
    ru: 'Товары из выборки продаются по одной цене («любой кофе за 99 ₽»)',
    en: 'Units in scope sold at one price ("any coffee for 99")',
  },
  example: { kind: 'fixed-price', scope: { categoryIds: ['coffee'] }, priceMinor: 9900 },
  fields: {
    scope: scopeText({ categoryIds: ['coffee'] }),
    priceMinor: {
      label: { ru: 'Цена за единицу', en: 'Price per unit' },
      hint: { ru: 'Для весового товара — за килограмм', en: 'Per kg for weighted goods' },
      unit: 'money-minor',
      example: 9900,
    },
  },
});

export type FixedPriceArgs = Static<typeof FixedPriceArgsSchema>;

function toFixedPrice(state: LineState, units: number, priceMinor: number): void {
  const target = state.weighted
    ? mulDivHalfUp(priceMinor, state.line.quantityMilli ?? 0, 1000)
    : priceMinor * units;
  // A unit already cheaper than the fixed price keeps its price.
  const value = mulDivHalfUp(state.currentMinor, units, state.units);
  addLineDiscount(state.index, Math.max(0, value - target));
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
    if (isReason(eligible)) return refuse(eligible);
    const allowance = unitAllowance(limits);
    // Whole lines without portion objects when no unit limit bites (the usual case).
    const from = nextDiscount();
    if (allowance >= totalUnits(eligible)) {
      for (const s of eligible) toFixedPrice(s, s.units, args.priceMinor);
    } else {
      for (const p of takeUnits(cheapestFirst(eligible), allowance)) {
        toFixedPrice(p.state, p.units, args.priceMinor);
      }
    }
    return discountReward(from, { splittable: false });
  },
};
