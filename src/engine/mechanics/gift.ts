import { type Static, Type } from 'typebox';
import { reason } from '../explain/reason.ts';
import { MAX_QUANTITY, MAX_UNIT_PRICE_MINOR } from '../money/bounds.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import { describeArgs, scopeText } from './describe-args.ts';
import type { Mechanic } from './mechanic.ts';
import { giftReward, refuse } from './outcome.ts';
import { linesInScope, totalUnits } from './scope-lines.ts';

const bareArgs = Type.Object(
  {
    kind: Type.Literal('gift'),
    sku: Type.String({ minLength: 1 }),
    regularPriceMinor: Type.Integer({
      minimum: 0,
      maximum: MAX_UNIT_PRICE_MINOR,
      description: "The gift's own price",
    }),
    priceMinor: Type.Integer({
      minimum: 0,
      maximum: MAX_UNIT_PRICE_MINOR,
      description: 'What the customer pays: 0 or a token price',
    }),
    quantity: Type.Integer({
      minimum: 1,
      maximum: MAX_QUANTITY,
      description: 'Gift units per repeat',
    }),
    perUnitsOf: Type.Optional(
      Type.Object(
        {
          scope: ProductSelectorSchema,
          quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY }),
        },
        { additionalProperties: false, description: 'Repeat once per this many units in scope' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const GiftArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Подарок', en: 'Gift' },
  description: {
    ru: 'Добавляет в чек подарок — бесплатно или за символическую цену',
    en: 'Adds a gift line, free or at a token price',
  },
  example: { kind: 'gift', sku: 'tote-bag', regularPriceMinor: 49_900, priceMinor: 0, quantity: 1 },
  fields: {
    sku: {
      label: { ru: 'Товар-подарок', en: 'Gift product' },
      widget: 'product',
      example: 'tote-bag',
    },
    regularPriceMinor: {
      label: { ru: 'Обычная цена подарка', en: "The gift's regular price" },
      unit: 'money-minor',
      example: 49_900,
    },
    priceMinor: {
      label: { ru: 'Цена для покупателя', en: 'Price to the customer' },
      hint: { ru: '0 — бесплатно, или символическая цена', en: '0 for free, or a token price' },
      unit: 'money-minor',
      example: 0,
    },
    quantity: {
      label: { ru: 'Количество подарков', en: 'Gift units' },
      hint: { ru: 'За каждое повторение', en: 'Per repeat' },
      unit: 'pieces',
      example: 1,
    },
    perUnitsOf: {
      label: { ru: 'Подарок за каждые', en: 'One gift for every' },
      hint: {
        ru: 'Необязательно: подарок за каждые N единиц из выборки; без этого — один на чек',
        en: 'Optional: a gift per N units in scope; without it, one per check',
      },
      example: { scope: { categoryIds: ['coffee'] }, quantity: 2 },
      fields: {
        scope: scopeText({ categoryIds: ['coffee'] }),
        quantity: {
          label: { ru: 'Единиц', en: 'Units' },
          unit: 'pieces',
          example: 2,
        },
      },
    },
  },
});

export type GiftArgs = Static<typeof GiftArgsSchema>;

/**
 * Adds a gift line, free or at a token price, when the promotion's conditions hold; with
 * `perUnitsOf`, once per that many units bought (up to max repeats). Gift lines are outside every
 * selector, so no other promotion discounts them.
 */
export const gift: Mechanic<GiftArgs> = {
  code: 'gift',
  argsSchema: GiftArgsSchema,
  description: 'A gift line, free or at a token price',
  indexScope: (args) => args.perUnitsOf?.scope ?? null,
  apply(input) {
    const { args, limits } = input;
    const per = args.perUnitsOf;
    const units = per === undefined ? 0 : totalUnits(linesInScope(input, per.scope));
    const earned = per === undefined ? 1 : Math.floor(units / per.quantity);
    if (per !== undefined && earned === 0) {
      return refuse(reason('min_quantity_not_met', { missingUnits: per.quantity - units }));
    }
    const repeats = Math.min(earned, limits.maxRepeats ?? Infinity);
    const priceMinor = Math.min(args.priceMinor, args.regularPriceMinor);
    return giftReward([
      {
        sku: args.sku,
        quantity: repeats * args.quantity,
        regularPriceMinor: args.regularPriceMinor,
        priceMinor,
      },
    ]);
  },
};
