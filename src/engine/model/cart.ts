import { type Static, Type } from 'typebox';
import { mulDivHalfUp } from '../money/rounding.ts';

const Minor = Type.Integer({ minimum: 0, description: 'Amount in minor units (kopecks)' });

export const AttributeValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

/** Product facts resolved by the caller from the catalogue (or sent inline on the line). */
const productFacts = {
  categoryIds: Type.Optional(
    Type.Array(Type.String(), {
      description: 'The product category and all its ancestors, already expanded by the caller',
    }),
  ),
  brand: Type.Optional(Type.String()),
  attributes: Type.Optional(Type.Record(Type.String(), AttributeValueSchema)),
  tags: Type.Optional(Type.Array(Type.String())),
  minPriceMinor: Type.Optional(Minor),
  noDiscount: Type.Optional(Type.Boolean()),
  noPointsPayment: Type.Optional(Type.Boolean()),
  noAccrual: Type.Optional(Type.Boolean()),
};

export const CartLineSchema = Type.Object(
  {
    lineId: Type.String({ minLength: 1 }),
    sku: Type.String({ minLength: 1 }),
    unitPriceMinor: Minor,
    quantity: Type.Optional(Type.Integer({ minimum: 1, description: 'Whole units' })),
    quantityMilli: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Weighted goods: quantity in thousandths' }),
    ),
    ...productFacts,
  },
  { additionalProperties: false },
);

export const CartSchema = Type.Object(
  { lines: Type.Array(CartLineSchema) },
  { additionalProperties: false },
);

export type CartLine = Static<typeof CartLineSchema>;
export type Cart = Static<typeof CartSchema>;
export type AttributeValue = Static<typeof AttributeValueSchema>;

/** True for weighted goods, whose quantity is held in thousandths and whose line is never split. */
export function isWeighted(line: CartLine): boolean {
  return line.quantityMilli !== undefined;
}

/** Units that unit-counting mechanics see: whole units, or 1 for a weighed item. */
export function unitCount(line: CartLine): number {
  return isWeighted(line) ? 1 : (line.quantity ?? 1);
}

/**
 * A line's total at `unitPriceMinor`: price × units, or for weighted goods
 * round-half-up(price × thousandths / 1000) (9 999 × 2.474 kg → 24 738).
 */
export function lineAmountAt(line: CartLine, unitPriceMinor: number): number {
  if (line.quantityMilli !== undefined)
    return mulDivHalfUp(unitPriceMinor, line.quantityMilli, 1000);
  return unitPriceMinor * (line.quantity ?? 1);
}
