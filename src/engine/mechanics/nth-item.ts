import { type Static, Type } from 'typebox';
import { reason } from '../explain/reason.ts';
import { MAX_QUANTITY } from '../money/bounds.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import { describeArgs, scopeText } from './describe-args.ts';
import { nextDiscount } from './line-discounts.ts';
import type { Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import { discountableInScope, isReason, totalUnits, unitAllowance } from './scope-lines.ts';
import { cheapestFirst, percentOffPortions, takeUnits } from './unit-picking.ts';

const bareArgs = Type.Object(
  {
    kind: Type.Literal('nth-item'),
    scope: ProductSelectorSchema,
    everyN: Type.Integer({
      minimum: 2,
      maximum: MAX_QUANTITY,
      description: '2 for "1+1", 3 for "2+1"',
    }),
    percentBp: Type.Integer({ minimum: 1, maximum: 10_000, description: '10 000 = free' }),
  },
  { additionalProperties: false },
);

export const NthItemArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Каждый N-й товар', en: 'Every N-th item' },
  description: {
    ru: 'Каждая N-я единица из выборки со скидкой, начиная с самых дешёвых («1+1», «3 по цене 2»)',
    en: 'Every N-th unit in scope at a percent off, cheapest first ("buy one get one", "3 for 2")',
  },
  example: { kind: 'nth-item', scope: { categoryIds: ['shampoo'] }, everyN: 3, percentBp: 10_000 },
  fields: {
    scope: scopeText({ categoryIds: ['shampoo'] }),
    everyN: {
      label: { ru: 'Каждый N-й', en: 'Every N-th' },
      hint: { ru: '2 — «1+1», 3 — «3 по цене 2»', en: '2 for "buy one get one", 3 for "3 for 2"' },
      unit: 'pieces',
      example: 3,
    },
    percentBp: {
      label: { ru: 'Скидка на N-й товар, %', en: 'Discount on the N-th item, %' },
      hint: { ru: '100 % — бесплатно', en: '100% is free' },
      unit: 'percent-bp',
      example: 10_000,
    },
  },
});

export type NthItemArgs = Static<typeof NthItemArgsSchema>;

/**
 * "1+1", "2+1 = third free", "every 3rd at 50%": of n units in scope, floor(n / N) cheapest units
 * get the discount; equal prices go to the earlier cart line. Max repeats and max units both cap
 * the number of discounted units.
 */
export const nthItem: Mechanic<NthItemArgs> = {
  code: 'nth-item',
  argsSchema: NthItemArgsSchema,
  description: 'Every N-th unit in scope at a percent off, cheapest units first',
  indexScope: (args) => args.scope,
  apply(input) {
    const { args, limits } = input;
    const eligible = discountableInScope(input, args.scope);
    if (isReason(eligible)) return refuse(eligible);
    const units = totalUnits(eligible);
    const groups = Math.floor(units / args.everyN);
    if (groups === 0) {
      return refuse(reason('min_quantity_not_met', { missingUnits: args.everyN - units }));
    }
    const count = Math.min(groups, unitAllowance(limits));
    const portions = takeUnits(cheapestFirst(eligible), count);
    const from = nextDiscount();
    percentOffPortions(portions, args.percentBp);
    return discountReward(from, { splittable: false });
  },
};
