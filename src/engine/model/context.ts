import { type Static, Type } from 'typebox';
import { MAX_AMOUNT_MINOR, MAX_POINT_VALUE_MINOR } from '../money/bounds.ts';

export const ChannelSchema = Type.Enum(['pos', 'web', 'app']);

export const CouponEntrySchema = Type.Union([
  Type.Object(
    { code: Type.String(), promotionId: Type.String(), valid: Type.Literal(true) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      code: Type.String(),
      promotionId: Type.Optional(Type.String()),
      valid: Type.Literal(false),
      reason: Type.Enum([
        'unknown',
        'expired',
        'used_by_customer',
        'exhausted',
        'not_started',
        'other_customer',
      ]),
    },
    { additionalProperties: false },
  ),
]);

export const PromotionUsageSchema = Type.Object(
  {
    totalUses: Type.Integer({ minimum: 0 }),
    customerUses: Type.Integer({ minimum: 0 }),
    budgetRemainingMinor: Type.Union([Type.Integer(), Type.Null()]),
    budgetRemainingPoints: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const ManualDiscountRequestSchema = Type.Object(
  {
    percentBp: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    amountMinor: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AMOUNT_MINOR })),
    reason: Type.String({ minLength: 1 }),
    cashierRole: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false, 'x-perk-component': 'ManualDiscount' },
);

export const CalculationContextSchema = Type.Object(
  {
    now: Type.String({ format: 'date-time', description: 'Business instant of the purchase' }),
    store: Type.Object(
      { id: Type.String(), channel: ChannelSchema, timeZone: Type.String() },
      { additionalProperties: false },
    ),
    customer: Type.Union([
      Type.Null(),
      Type.Object(
        {
          id: Type.String(),
          segmentIds: Type.Array(Type.String()),
          tierId: Type.Union([Type.String(), Type.Null()]),
          heldOutPromotionIds: Type.Optional(
            Type.Array(Type.String(), {
              description:
                'Promotions whose control group holds this customer out (worked out by the ' +
                'caller from a hash the engine cannot compute without I/O imports)',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ]),
    couponCodes: Type.Array(CouponEntrySchema),
    usage: Type.Record(Type.String(), PromotionUsageSchema, {
      description: 'Usage counters by promotion id; a missing entry means no use yet',
    }),
    manualDiscount: Type.Optional(ManualDiscountRequestSchema),
    explain: Type.Optional(
      Type.Enum(['relevant', 'all', 'ruleset'], {
        description:
          'relevant (default): explain the promotions that could concern this check (its store, ' +
          'channel and local day); all: every promotion considered, other stores’ included; ' +
          'ruleset: every promotion of the ruleset, those no line of the cart touches too',
      }),
    ),
    pointValueMinor: Type.Integer({
      minimum: 1,
      maximum: MAX_POINT_VALUE_MINOR,
      description:
        'Money value of one point (the points programme settings are its one source): the cost ' +
        'of bonus points and the rate of percent awards',
    }),
    currency: Type.String({
      pattern: '^[A-Z]{3}$',
      description: "The programme's currency (ISO 4217, two decimals), for amounts in texts",
    }),
    accrualRateBp: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Base accrual rate of the customer, for multipliers',
      }),
    ),
  },
  { additionalProperties: false },
);

export type Channel = Static<typeof ChannelSchema>;
export type CouponEntry = Static<typeof CouponEntrySchema>;
export type PromotionUsage = Static<typeof PromotionUsageSchema>;
export type ManualDiscountRequest = Static<typeof ManualDiscountRequestSchema>;
export type CalculationContext = Static<typeof CalculationContextSchema>;
