import { type Static, Type } from 'typebox';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import { describeArgs, scopeText } from './describe-args.ts';
import { nextDiscount } from './line-discounts.ts';
import type { Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import { discountableInScope, isReason, totalUnits, unitAllowance } from './scope-lines.ts';
import { cheapestFirst, percentOffLines, percentOffPortions, takeUnits } from './unit-picking.ts';

const bareArgs = Type.Object(
  {
    kind: Type.Literal('percent-off'),
    scope: ProductSelectorSchema,
    percentBp: Type.Integer({
      minimum: 1,
      maximum: 10_000,
      description: 'Basis points: 1500 = 15%',
    }),
  },
  { additionalProperties: false },
);

export const PercentOffArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Скидка в процентах', en: 'Percent off' },
  description: {
    ru: 'Скидка в процентах на каждую единицу товаров из выборки; при лимите единиц — на самые дешёвые',
    en: 'A percent off every unit in scope; under a unit limit, off the cheapest units',
  },
  example: { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1500 },
  fields: {
    scope: scopeText({ categoryIds: ['oils'] }),
    percentBp: {
      label: { ru: 'Скидка, %', en: 'Discount, %' },
      unit: 'percent-bp',
      example: 1500,
    },
  },
});

export type PercentOffArgs = Static<typeof PercentOffArgsSchema>;

/** "−15% on all oils": percent off each line in scope; with a unit limit, the cheapest units. */
export const percentOff: Mechanic<PercentOffArgs> = {
  code: 'percent-off',
  argsSchema: PercentOffArgsSchema,
  description: 'Percent off every unit in scope',
  indexScope: (args) => args.scope,
  apply(input) {
    const { args, limits } = input;
    const eligible = discountableInScope(input, args.scope);
    if (isReason(eligible)) return refuse(eligible);
    const allowance = unitAllowance(limits);
    const from = nextDiscount();
    // Without a unit limit (the usual case) every unit qualifies: nothing to count.
    if (allowance === Infinity || allowance >= totalUnits(eligible)) {
      percentOffLines(eligible, args.percentBp);
    } else percentOffPortions(takeUnits(cheapestFirst(eligible), allowance), args.percentBp);
    return discountReward(from, { splittable: false });
  },
};
