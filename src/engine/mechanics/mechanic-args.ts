import { type Static, Type } from 'typebox';
import { AmountOffArgsSchema } from './amount-off.ts';
import { BundleArgsSchema } from './bundle.ts';
import { CrossDiscountArgsSchema } from './cross-discount.ts';
import { ExtraPointsArgsSchema } from './extra-points.ts';
import { FixedPriceArgsSchema } from './fixed-price.ts';
import { GiftArgsSchema } from './gift.ts';
import { ManualDiscountArgsSchema } from './manual-discount.ts';
import { NthItemArgsSchema } from './nth-item.ts';
import { PercentOffArgsSchema } from './percent-off.ts';
import { SpendThresholdArgsSchema } from './spend-threshold.ts';

/** Every mechanic's `{kind, ...args}`, discriminated by `kind` (kept in step with the registry). */
export const MechanicArgsSchema = Type.Union([
  PercentOffArgsSchema,
  AmountOffArgsSchema,
  FixedPriceArgsSchema,
  NthItemArgsSchema,
  BundleArgsSchema,
  CrossDiscountArgsSchema,
  GiftArgsSchema,
  SpendThresholdArgsSchema,
  ExtraPointsArgsSchema,
  ManualDiscountArgsSchema,
]);

export type MechanicArgs = Static<typeof MechanicArgsSchema>;
