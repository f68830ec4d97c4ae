import { type Static, Type } from 'typebox';
import { MAX_AMOUNT_MINOR } from '../money/bounds.ts';
import { mulDivFloor, mulDivHalfUp } from '../money/rounding.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import { describeArgs, scopeText } from './describe-args.ts';
import { maxRepeatsNotApplicable } from './limit-rules.ts';
import { addLineDiscount, nextDiscount } from './line-discounts.ts';
import type { LineState, Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import { discountableInScope, isReason, totalUnits, unitAllowance } from './scope-lines.ts';
import {
  amountOverLines,
  amountOverPortions,
  cheapestFirst,
  cheapestUnits,
  takeUnits,
} from './unit-picking.ts';

const bareArgs = Type.Object(
  {
    kind: Type.Literal('amount-off'),
    scope: ProductSelectorSchema,
    amountMinor: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT_MINOR }),
    per: Type.Enum(['unit', 'line', 'cart'], {
      description:
        'unit: each unit (capped at its price; per kg for weighted goods); line: once ' +
        'per line; cart: once, split over the lines in proportion to their amounts',
    }),
  },
  { additionalProperties: false },
);

export const AmountOffArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Скидка суммой', en: 'Amount off' },
  description: {
    ru: 'Фиксированная сумма скидки на каждую единицу, на каждую позицию или на весь чек',
    en: 'A fixed amount off each unit, each line or the whole cart',
  },
  example: { kind: 'amount-off', scope: { brands: ['Borjomi'] }, amountMinor: 1000, per: 'unit' },
  fields: {
    scope: scopeText({ brands: ['Borjomi'] }),
    amountMinor: {
      label: { ru: 'Сумма скидки', en: 'Amount off' },
      unit: 'money-minor',
      example: 1000,
    },
    per: {
      label: { ru: 'Как применяется', en: 'Applies' },
      options: {
        unit: {
          ru: 'на каждую единицу (весовой товар — за кг)',
          en: 'to each unit (per kg if weighted)',
        },
        line: { ru: 'на каждую позицию чека', en: 'to each line' },
        cart: {
          ru: 'на весь чек, делится между позициями',
          en: 'to the cart, split over the lines',
        },
      },
      example: 'unit',
    },
  },
});

export type AmountOffArgs = Static<typeof AmountOffArgsSchema>;

function perUnit(state: LineState, units: number, amountMinor: number): void {
  const value = mulDivFloor(state.currentMinor, units, state.units);
  const wanted = state.weighted
    ? mulDivHalfUp(amountMinor, state.line.quantityMilli ?? 0, 1000)
    : amountMinor * units;
  addLineDiscount(state.index, Math.min(wanted, value));
}

/**
 * "−100 ₽": per unit (cheapest units under a unit limit), once per line (max repeats: that many
 * lines), or once per cart (split over the cheapest units under a unit limit; it never repeats).
 */
export const amountOff: Mechanic<AmountOffArgs> = {
  code: 'amount-off',
  argsSchema: AmountOffArgsSchema,
  description: 'A fixed amount off per unit, per line or per cart',
  indexScope: (args) => args.scope,
  limitRules: (args, limits) =>
    args.per === 'cart' && limits.maxRepeats !== undefined
      ? [maxRepeatsNotApplicable('an amount off per cart is given once per check')]
      : [],
  apply(input) {
    const { args, limits } = input;
    const eligible = discountableInScope(input, args.scope);
    if (isReason(eligible)) return refuse(eligible);
    if (args.per === 'cart') {
      // Once per check; under a unit limit the amount goes to the cheapest units, worth at most
      // what they cost.
      const { maxUnits } = limits;
      const from = nextDiscount();
      if (maxUnits === null || maxUnits >= totalUnits(eligible)) {
        amountOverLines(eligible, args.amountMinor);
      } else amountOverPortions(cheapestUnits(eligible, maxUnits), args.amountMinor);
      return discountReward(from, { splittable: true });
    }
    const from = nextDiscount();
    if (args.per === 'line') {
      const taken = eligible.slice(0, limits.maxRepeats ?? eligible.length);
      for (const s of taken) addLineDiscount(s.index, Math.min(args.amountMinor, s.currentMinor));
      return discountReward(from, { splittable: false });
    }
    const allowance = unitAllowance(limits);
    // Whole lines without portion objects when no unit limit bites (the usual case).
    if (allowance >= totalUnits(eligible)) {
      for (const s of eligible) perUnit(s, s.units, args.amountMinor);
    } else {
      for (const p of takeUnits(cheapestFirst(eligible), allowance)) {
        perUnit(p.state, p.units, args.amountMinor);
      }
    }
    return discountReward(from, { splittable: false });
  },
};
