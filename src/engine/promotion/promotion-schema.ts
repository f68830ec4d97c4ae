import { type Static, Type } from 'typebox';
import { MechanicArgsSchema } from '../mechanics/mechanic-args.ts';
import { ChannelSchema } from '../model/context.ts';
import { MAX_AMOUNT_MINOR, MAX_COUNT, MAX_RUNNING_TOTAL } from '../money/bounds.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';

/** At most half of an audience is held out: a control group larger than the treated one is no promotion. */
export const MAX_HOLDOUT_SHARE_BP = 5_000;

const CALENDAR_DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const LocalTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });

export const ScheduleSchema = Type.Object(
  {
    days: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
        minItems: 1,
        description: 'ISO days of week, 1 = Monday; absent = every day',
      }),
    ),
    windows: Type.Optional(
      Type.Array(Type.Object({ from: LocalTime, to: LocalTime }, { additionalProperties: false }), {
        minItems: 1,
        description: 'Local time windows [from, to) in the store time zone; absent = all day',
      }),
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'Schedule' },
);

export const AudienceSchema = Type.Object(
  {
    segmentIds: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'Any of' })),
    tierIds: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    excludedSegmentIds: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    anonymousAllowed: Type.Boolean(),
  },
  { additionalProperties: false, 'x-perk-component': 'Audience' },
);

export const CartConditionsSchema = Type.Object(
  {
    minSubtotal: Type.Optional(
      Type.Object(
        {
          amountMinor: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT_MINOR }),
          scope: Type.Optional(ProductSelectorSchema),
        },
        { additionalProperties: false },
      ),
    ),
    minQuantity: Type.Optional(
      Type.Object(
        {
          quantity: Type.Integer({ minimum: 1, maximum: MAX_COUNT }),
          scope: Type.Optional(ProductSelectorSchema),
        },
        { additionalProperties: false },
      ),
    ),
    mustContain: Type.Optional(ProductSelectorSchema),
  },
  { additionalProperties: false, 'x-perk-component': 'CartConditions' },
);

export const StackingSchema = Type.Object(
  {
    groupId: Type.String({ minLength: 1 }),
    priority: Type.Integer({
      minimum: -MAX_COUNT,
      maximum: MAX_COUNT,
      description: 'Higher applies first within the group',
    }),
    exclusive: Type.Boolean({ description: 'When applied, no promotion after it applies' }),
  },
  { additionalProperties: false, 'x-perk-component': 'Stacking' },
);

const Count = Type.Integer({ minimum: 1, maximum: MAX_COUNT });

export const PromotionLimitsSchema = Type.Object(
  {
    maxUnitsPerCheck: Type.Optional(Count),
    maxRepeats: Type.Optional(Count),
    perCustomerUses: Type.Optional(Count),
    totalUses: Type.Optional(Count),
    budgetMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_RUNNING_TOTAL })),
    budgetPoints: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_RUNNING_TOTAL })),
  },
  { additionalProperties: false, 'x-perk-component': 'PromotionLimits' },
);

export const PromotionStatusSchema = Type.Enum(['draft', 'active', 'paused', 'archived']);

const promotionFields = {
  id: Type.String({ minLength: 1, maxLength: 100 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  status: PromotionStatusSchema,
  validFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive instant' })),
  validTo: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive instant' })),
  validFromDate: Type.Optional(
    Type.String({
      pattern: CALENDAR_DATE,
      description:
        'First local date (YYYY-MM-DD), read in each store’s time zone: valid from 00:00 that ' +
        'day there. Not with validFrom/validTo',
    }),
  ),
  validToDate: Type.Optional(
    Type.String({
      pattern: CALENDAR_DATE,
      description:
        'Last local date (YYYY-MM-DD), inclusive: valid to the end of that day in each store’s ' +
        'time zone. Not with validFrom/validTo',
    }),
  ),
  schedule: Type.Optional(ScheduleSchema),
  channels: Type.Optional(Type.Array(ChannelSchema, { minItems: 1 })),
  storeIds: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  audience: Type.Optional(AudienceSchema),
  couponRequired: Type.Optional(
    Type.Boolean({ description: 'Applies only when one of its coupon codes was entered' }),
  ),
  conditions: Type.Optional(CartConditionsSchema),
  stacking: StackingSchema,
  limits: Type.Optional(PromotionLimitsSchema),
  holdoutShareBp: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_HOLDOUT_SHARE_BP,
      description:
        'Control group: the share of identified customers in the audience for whom the ' +
        'promotion never applies, in basis points (500 = 5%, at most 5 000 = 50%); 0 or absent: ' +
        'none. Chosen by a stable hash of promotion and customer (docs/analytics.md)',
      // The form annotations mechanics' args carry (engine/mechanics/describe-args.ts).
      'x-perk-unit': 'percent-bp',
      'x-perk-label': { ru: 'Контрольная группа', en: 'Control group' },
      'x-perk-hint': {
        ru: 'Доля участников аудитории, которым акция не применяется, — для оценки её эффекта; 0 — без контрольной группы',
        en: 'Share of the audience the promotion never applies to, to measure its effect; 0 means none',
      },
    }),
  ),
};

/** A promotion as data: who, where, when, on which cart, which mechanic, how it stacks. */
export const PromotionDefinitionSchema = Type.Object(
  { ...promotionFields, mechanic: MechanicArgsSchema },
  { additionalProperties: false, 'x-perk-component': 'PromotionDefinition' },
);

/** The definition with the mechanic checked only for a known `kind` (its args are checked apart). */
export const PromotionEnvelopeSchema = Type.Object(
  {
    ...promotionFields,
    mechanic: Type.Object({ kind: Type.String() }, { additionalProperties: true }),
  },
  { additionalProperties: false },
);

export type PromotionDefinition = Static<typeof PromotionDefinitionSchema>;
export type Schedule = Static<typeof ScheduleSchema>;
export type Audience = Static<typeof AudienceSchema>;
export type CartConditions = Static<typeof CartConditionsSchema>;
export type PromotionLimits = Static<typeof PromotionLimitsSchema>;
