import { Type } from 'typebox';

/** The answer of a cart calculation, for validation-free fast serialisation and the OpenAPI document. */
const Text = Type.Object(
  { ru: Type.String(), en: Type.String() },
  { 'x-perk-component': 'LocalizedText' },
);
const Params = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));
const Reason = { code: Type.String(), params: Params, text: Text };

const PromotionAmount = Type.Object({ promotionId: Type.String(), discountMinor: Type.Integer() });
const PromotionPoints = Type.Object({ promotionId: Type.String(), points: Type.Integer() });

// Optional only because calculations stored before check rounding (purchase traces, the
// calculation log) lack it; every new answer carries it.
const Rounding = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 0, description: `${description}; 0 when none` }));

const Line = Type.Object(
  {
    lineId: Type.String(),
    sku: Type.String(),
    quantity: Type.Union([Type.Integer(), Type.Null()]),
    quantityMilli: Type.Union([Type.Integer(), Type.Null()]),
    regularUnitPriceMinor: Type.Integer(),
    unitPriceMinor: Type.Integer(),
    regularTotalMinor: Type.Integer(),
    totalMinor: Type.Integer(),
    discountMinor: Type.Integer({ description: 'The promotions and the rounding' }),
    roundingMinor: Rounding("The line's share of rounding the check total down"),
    promotions: Type.Array(PromotionAmount),
    bonusPoints: Type.Integer(),
    bonusByPromotion: Type.Array(PromotionPoints),
    gift: Type.Boolean(),
    noPointsPayment: Type.Boolean(),
    noAccrual: Type.Boolean(),
  },
  { 'x-perk-component': 'CalculatedLine' },
);

const Explanation = Type.Object(
  {
    promotionId: Type.String(),
    name: Type.String(),
    mechanic: Type.String(),
    applied: Type.Boolean(),
    discountMinor: Type.Integer(),
    points: Type.Integer(),
    ...Reason,
    notes: Type.Array(Type.Object({ lineIds: Type.Array(Type.String()), ...Reason })),
    hint: Type.Union([Type.Object(Reason), Type.Null()]),
  },
  { 'x-perk-component': 'PromotionExplanation' },
);

export const CartCalculationSchema = Type.Object(
  {
    calculationId: Type.String({ format: 'uuid' }),
    calculatedAt: Type.String({ format: 'date-time' }),
    // Optional only because calculations stored before it (purchase traces, the calculation
    // log) lack it; every new answer carries it.
    whatIf: Type.Optional(
      Type.Boolean({
        description:
          'Priced as a what-if (the request’s whatIf): promotions at calculatedAt, the customer ' +
          'as of now; never a till’s price. Absent in calculations logged before it: false',
      }),
    ),
    storeId: Type.String(),
    customer: Type.Object({
      status: Type.Enum(['anonymous', 'not_found', 'identified']),
      id: Type.Optional(Type.String()),
    }),
    rulesetVersion: Type.String(),
    lines: Type.Array(Line),
    subtotalMinor: Type.Integer(),
    discountMinor: Type.Integer({ description: 'Every discount, the rounding included' }),
    totalMinor: Type.Integer(),
    roundingMinor: Rounding(
      'Taken off by rounding the check total down (ruleset setting roundTotalDownToMinor); ' +
        'not a promotion, so in no appliedPromotions, explanations or line promotions entry',
    ),
    bonusPoints: Type.Integer(),
    appliedPromotions: Type.Array(
      Type.Object({
        promotionId: Type.String(),
        name: Type.String(),
        mechanic: Type.String(),
        discountMinor: Type.Integer(),
        points: Type.Integer(),
        couponCode: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    explanations: Type.Array(Explanation),
    coupons: Type.Array(
      Type.Object({
        code: Type.String(),
        promotionId: Type.Union([Type.String(), Type.Null()]),
        accepted: Type.Boolean(),
        reason: Type.Union([Type.String(), Type.Null()], {
          description:
            'Why a code was refused: unknown, not_started, expired, wrong_store, other_customer, ' +
            'customer_required, used_by_customer (this customer has had the uses allowed one ' +
            'customer), exhausted (the code has no uses left); or why its promotion did not apply',
        }),
        message: Type.Optional(
          Type.Union([Text, Type.Null()], { description: 'The refusal in words; null if none' }),
        ),
      }),
    ),
    receiptMessages: Type.Array(Text),
    points: Type.Union([
      Type.Object({
        balance: Type.Object({
          active: Type.Integer(),
          pending: Type.Integer(),
          debt: Type.Integer(),
        }),
        maxRedeemablePoints: Type.Integer(),
        maxRedeemableMoneyMinor: Type.Integer(),
        accruedPoints: Type.Integer(),
        redemptionRefusal: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ]),
  },
  { 'x-perk-component': 'CartCalculation' },
);
