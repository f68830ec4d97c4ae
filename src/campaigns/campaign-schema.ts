import { type Static, Type } from 'typebox';
import { MAX_AMOUNT_MINOR } from '../engine/money/bounds.ts';
import { MAX_HOLDOUT_SHARE_BP } from '../engine/promotion/promotion-schema.ts';
import { ExpirySchema } from '../ledger/program-settings.ts';

const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Count = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const MinAmount = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: MAX_AMOUNT_MINOR,
    description: 'Each purchase must pay at least this, in kopecks',
  }),
);

/** What a customer must do. Each kind is one stable code; new behaviour gets a new kind. */
export const CampaignRuleSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('purchase_count'), count: Count, minAmountMinor: MinAmount },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('first_purchase'), minAmountMinor: MinAmount },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('registration') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('birthday'),
      validDays: Type.Integer({ minimum: 1, maximum: 366, description: 'Bonus points valid days' }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('referral'), minAmountMinor: MinAmount },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('action'),
      actionType: Type.String({ minLength: 1, maxLength: 100 }),
      capPerPeriod: Count,
      capPeriod: Type.Enum(['day', 'week', 'month', 'campaign']),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('abandoned_cart'), hours: Type.Integer({ minimum: 1, maximum: 720 }) },
    { additionalProperties: false },
  ),
]);

/** What completing gives. Points carry their own pending days and expiry. */
export const CampaignRewardSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('points'),
      points: Count,
      pendingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
      expiry: Type.Optional(Type.Union([Type.Null(), ExpirySchema])),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('coupon'), seriesId: Type.String({ minLength: 1 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('tier'), tierId: Type.String({ minLength: 1 }) },
    { additionalProperties: false },
  ),
]);

/** A contact campaign as the administrator writes it. Dates are local days of the programme zone. */
export const CampaignDefinitionSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    status: Type.Enum(['active', 'paused', 'archived']),
    period: Type.Object(
      { from: CalendarDate, to: CalendarDate },
      { additionalProperties: false, description: 'Inclusive local dates' },
    ),
    audience: Type.Optional(
      Type.Object(
        { segmentIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 50 }) },
        { additionalProperties: false },
      ),
    ),
    rule: CampaignRuleSchema,
    reward: Type.Union([Type.Null(), CampaignRewardSchema]),
    limits: Type.Optional(
      Type.Object(
        {
          perCustomer: Type.Optional(Count),
          total: Type.Optional(Count),
        },
        { additionalProperties: false },
      ),
    ),
    holdoutShareBp: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_HOLDOUT_SHARE_BP,
        description:
          'Control group of a purchase-driven campaign (purchase_count, first_purchase, ' +
          'referral): the share of customers whose purchases make no progress, basis points ' +
          '(at most 5 000), chosen by a stable hash of `campaign:<id>` and the customer',
      }),
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'CampaignDefinition' },
);

export type CampaignDefinition = Static<typeof CampaignDefinitionSchema>;
export type CampaignRule = Static<typeof CampaignRuleSchema>;
export type CampaignReward = Static<typeof CampaignRewardSchema>;
export type CampaignKind = CampaignRule['kind'];
