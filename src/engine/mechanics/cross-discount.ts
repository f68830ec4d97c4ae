import { type Static, Type } from 'typebox';
import { reason } from '../explain/reason.ts';
import { MAX_QUANTITY } from '../money/bounds.ts';
import { ProductSelectorSchema, selectorMatcher } from '../selector/product-selector.ts';
import { describeArgs } from './describe-args.ts';
import { nextDiscount } from './line-discounts.ts';
import type { Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import {
  discountableInScope,
  isReason,
  linesInScope,
  totalUnits,
  unitAllowance,
} from './scope-lines.ts';
import { cheapestFirst, percentOffLines, percentOffPortions, takeUnits } from './unit-picking.ts';

const bareArgs = Type.Object(
  {
    kind: Type.Literal('cross-discount'),
    trigger: ProductSelectorSchema,
    triggerQuantity: Type.Integer({
      minimum: 1,
      maximum: MAX_QUANTITY,
      description: 'Trigger units the cart must hold',
    }),
    target: ProductSelectorSchema,
    percentBp: Type.Integer({ minimum: 1, maximum: 10_000 }),
  },
  { additionalProperties: false },
);

export const CrossDiscountArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Кросс-скидка', en: 'Cross-discount' },
  description: {
    ru: 'Покупка товаров-условий даёт скидку на другие товары («кровать бренда A — матрас A −30 %»)',
    en: 'Buying trigger products discounts target products ("a brand A bed: 30% off A mattresses")',
  },
  example: {
    kind: 'cross-discount',
    trigger: { categoryIds: ['beds'], brands: ['A'] },
    triggerQuantity: 1,
    target: { categoryIds: ['mattresses'], brands: ['A'] },
    percentBp: 3000,
  },
  fields: {
    trigger: {
      label: { ru: 'Товары-условие', en: 'Trigger products' },
      hint: { ru: 'Что должно быть в чеке', en: 'What the cart must hold' },
      widget: 'product-scope',
      example: { categoryIds: ['beds'], brands: ['A'] },
    },
    triggerQuantity: {
      label: { ru: 'Сколько единиц условия', en: 'Trigger units required' },
      unit: 'pieces',
      example: 1,
    },
    target: {
      label: { ru: 'Товары со скидкой', en: 'Discounted products' },
      widget: 'product-scope',
      example: { categoryIds: ['mattresses'], brands: ['A'] },
    },
    percentBp: {
      label: { ru: 'Скидка, %', en: 'Discount, %' },
      unit: 'percent-bp',
      example: 3000,
    },
  },
});

export type CrossDiscountArgs = Static<typeof CrossDiscountArgsSchema>;

/**
 * "Buy a bed of brand A, get −30% on mattresses of brand A": when the cart holds the trigger, the
 * target lines (other than trigger lines) get a percent off; with a unit limit, the cheapest.
 */
export const crossDiscount: Mechanic<CrossDiscountArgs> = {
  code: 'cross-discount',
  argsSchema: CrossDiscountArgsSchema,
  description: 'A trigger in the cart discounts a target scope',
  indexScope: (args) => args.trigger,
  apply(input) {
    const { args, limits } = input;
    const triggers = linesInScope(input, args.trigger);
    const triggerUnits = totalUnits(triggers);
    if (triggerUnits < args.triggerQuantity) {
      return refuse(
        reason('required_product_missing', { missingUnits: args.triggerQuantity - triggerUnits }),
      );
    }
    const inTarget = discountableInScope(input, args.target);
    if (isReason(inTarget)) return refuse(inTarget);
    const trigger = selectorMatcher(args.trigger).matches;
    const targets = inTarget.filter((state) => !trigger(state.line));
    if (targets.length === 0) return refuse(reason('no_eligible_lines'));
    const allowance = unitAllowance(limits);
    const from = nextDiscount();
    if (allowance >= totalUnits(targets)) percentOffLines(targets, args.percentBp);
    else percentOffPortions(takeUnits(cheapestFirst(targets), allowance), args.percentBp);
    return discountReward(from, { splittable: false });
  },
};
