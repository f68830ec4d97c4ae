import { type Static, Type } from 'typebox';
import { AmountOffArgsSchema } from './amount-off.ts';
import { FixedPriceArgsSchema } from './fixed-price.ts';
import { PercentOffArgsSchema } from './percent-off.ts';

/** Every mechanic's `{kind, ...args}`, discriminated by `kind`. */
export const MechanicArgsSchema = Type.Union([
  PercentOffArgsSchema,
  AmountOffArgsSchema,
  FixedPriceArgsSchema,
]);

export type MechanicArgs = Static<typeof MechanicArgsSchema>;
