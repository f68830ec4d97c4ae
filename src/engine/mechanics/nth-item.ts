import { type Static, Type } from 'typebox';
import { reason } from '../explain/reason.ts';
import { MAX_QUANTITY } from '../money/bounds.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import type { Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import { discountableInScope, isReason, totalUnits, unitAllowance } from './scope-lines.ts';
import { cheapestFirst, percentOffPortions, takeUnits } from './unit-picking.ts';

export const NthItemArgsSchema = Type.Object(
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
    return discountReward(percentOffPortions(portions, args.percentBp), { splittable: false });
  },
};
