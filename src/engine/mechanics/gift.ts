import { type Static, Type } from 'typebox';
import { reason } from '../explain/reason.ts';
import { MAX_QUANTITY, MAX_UNIT_PRICE_MINOR } from '../money/bounds.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import type { Mechanic } from './mechanic.ts';
import { giftReward, refuse } from './outcome.ts';
import { linesInScope, totalUnits } from './scope-lines.ts';

export const GiftArgsSchema = Type.Object(
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
