import { type Static, Type } from 'typebox';
import { reason } from '../explain/reason.ts';
import { allocate } from '../money/allocate.ts';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from '../money/bounds.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import { describeArgs, scopeText } from './describe-args.ts';
import { addLineDiscount, nextDiscount } from './line-discounts.ts';
import type { LineState, Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import { discountableInScope, isReason } from './scope-lines.ts';
import { percentOffPortions, portionValue, type UnitPortion } from './unit-picking.ts';

const ComponentSchema = Type.Object(
  { scope: ProductSelectorSchema, quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY }) },
  { additionalProperties: false },
);

const bareArgs = Type.Object(
  {
    kind: Type.Literal('bundle'),
    components: Type.Array(ComponentSchema, { minItems: 1 }),
    price: Type.Union([
      Type.Object(
        {
          kind: Type.Literal('fixed'),
          priceMinor: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT_MINOR }),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        { kind: Type.Literal('percent'), percentBp: Type.Integer({ minimum: 1, maximum: 10_000 }) },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          kind: Type.Literal('amount'),
          amountMinor: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT_MINOR }),
        },
        { additionalProperties: false },
      ),
    ]),
  },
  { additionalProperties: false },
);

export const BundleArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Комплект', en: 'Bundle' },
  description: {
    ru: 'Набор товаров по цене комплекта, со скидкой в процентах или суммой — столько раз, сколько полных комплектов в чеке',
    en: 'A set of components sold for a price, a percent or an amount off, once per whole set in the cart',
  },
  example: {
    kind: 'bundle',
    components: [
      { scope: { skus: ['pasta-500'] }, quantity: 2 },
      { scope: { skus: ['sauce-190'] }, quantity: 1 },
    ],
    price: { kind: 'fixed', priceMinor: 29_900 },
  },
  fields: {
    components: {
      label: { ru: 'Состав комплекта', en: 'Components' },
      example: [{ scope: { skus: ['pasta-500'] }, quantity: 2 }],
      fields: {
        scope: scopeText({ skus: ['pasta-500'] }),
        quantity: { label: { ru: 'Количество', en: 'Quantity' }, unit: 'pieces', example: 2 },
      },
    },
    price: {
      label: { ru: 'Цена комплекта', en: 'Bundle price' },
      example: { kind: 'fixed', priceMinor: 29_900 },
      variants: [
        {
          label: { ru: 'Фиксированная цена', en: 'Fixed price' },
          fields: {
            priceMinor: {
              label: { ru: 'Цена комплекта', en: 'Price of the set' },
              unit: 'money-minor',
              example: 29_900,
            },
          },
        },
        {
          label: { ru: 'Скидка в процентах', en: 'Percent off' },
          fields: {
            percentBp: {
              label: { ru: 'Скидка, %', en: 'Discount, %' },
              unit: 'percent-bp',
              example: 1000,
            },
          },
        },
        {
          label: { ru: 'Скидка суммой', en: 'Amount off' },
          fields: {
            amountMinor: {
              label: { ru: 'Сумма скидки на комплект', en: 'Amount off the set' },
              unit: 'money-minor',
              example: 5000,
            },
          },
        },
      ],
    },
  },
});

export type BundleArgs = Static<typeof BundleArgsSchema>;
/** A component with the discountable lines its scope picks, in cart order. */
interface ComponentLines {
  readonly quantity: number;
  readonly lines: readonly LineState[];
}

/** Units still free on each line while sets are formed. */
type Stock = Map<number, number>;

/** Takes one set from `stock` in cart order, or returns null when a component runs short. */
function takeSet(components: readonly ComponentLines[], stock: Stock) {
  const taken = new Map<number, number>();
  for (const component of components) {
    let needed = component.quantity;
    for (const state of component.lines) {
      if (needed === 0) break;
      const free = (stock.get(state.index) ?? 0) - (taken.get(state.index) ?? 0);
      const units = Math.min(free, needed);
      if (units > 0) taken.set(state.index, (taken.get(state.index) ?? 0) + units);
      needed -= units;
    }
    if (needed > 0) return null;
  }
  for (const [index, units] of taken) stock.set(index, (stock.get(index) ?? 0) - units);
  return taken;
}

/**
 * Forms as many whole sets as the component lines hold (up to `maxSets`); returns the units used
 * per line, in cart order.
 */
function formSets(components: readonly ComponentLines[], maxSets: number) {
  const stock: Stock = new Map();
  const states: LineState[] = [];
  for (const component of components) {
    for (const state of component.lines) {
      if (stock.has(state.index)) continue;
      stock.set(state.index, state.units);
      states.push(state);
    }
  }
  const used = new Map<number, number>();
  let sets = 0;
  while (sets < maxSets) {
    const taken = takeSet(components, stock);
    if (taken === null) break;
    for (const [index, units] of taken) used.set(index, (used.get(index) ?? 0) + units);
    sets += 1;
  }
  const portions: UnitPortion[] = [];
  for (const state of states) {
    const units = used.get(state.index) ?? 0;
    if (units > 0) portions.push({ state, units });
  }
  portions.sort((a, b) => a.state.index - b.state.index);
  return { sets, portions };
}

/** Writes the sets' discounts as line discounts (see line-discounts.ts). */
function setDiscounts(args: BundleArgs, sets: number, portions: readonly UnitPortion[]): void {
  if (args.price.kind === 'percent') {
    percentOffPortions(portions, args.price.percentBp);
    return;
  }
  const values = portions.map(portionValue);
  const value = values.reduce((a, b) => a + b, 0);
  const off =
    args.price.kind === 'fixed'
      ? value - sets * args.price.priceMinor
      : sets * args.price.amountMinor;
  const shares = allocate(Math.max(0, Math.min(off, value)), values);
  for (let k = 0; k < portions.length; k += 1) {
    addLineDiscount((portions[k] as UnitPortion).state.index, shares[k] ?? 0);
  }
}

/**
 * "A set for a price": components (scope × quantity) form whole sets, as many as the cart holds,
 * units taken in cart order; each set sold for a price, a percent or an amount off.
 */
export const bundle: Mechanic<BundleArgs> = {
  code: 'bundle',
  argsSchema: BundleArgsSchema,
  description: 'A set of components sold for a price, a percent or an amount off',
  indexScope: (args) => args.components[0]?.scope ?? null,
  apply(input) {
    const { args, limits } = input;
    const components = args.components.map((component) => ({
      quantity: component.quantity,
      lines: input.inScope(component.scope).filter((s) => !s.line.noDiscount && s.currentMinor > 0),
    }));
    const { sets, portions } = formSets(components, limits.maxRepeats ?? Infinity);
    if (sets === 0) {
      // Only now look at the whole cart: with nothing discountable in it, say why.
      const eligible = discountableInScope(input, undefined);
      return refuse(isReason(eligible) ? eligible : reason('required_product_missing'));
    }
    const from = nextDiscount();
    setDiscounts(args, sets, portions);
    return discountReward(from, {
      splittable: args.price.kind !== 'percent',
    });
  },
};
