import { Type } from 'typebox';

/** Answers of the purchase lifecycle, for fast serialisation and the OpenAPI document. */
const Balance = Type.Object(
  {
    active: Type.Integer(),
    pending: Type.Integer(),
    debt: Type.Integer(),
  },
  { 'x-perk-component': 'Balance' },
);
const Text = Type.Object(
  { ru: Type.String(), en: Type.String() },
  { 'x-perk-component': 'LocalizedText' },
);
// Optional only because receipts stored before check rounding lack it; new ones carry it.
const Rounding = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 0, description: `${description}; 0 when none` }));

export const TierOutcomeSchema = Type.Object(
  {
    previousTierId: Type.Union([Type.String(), Type.Null()]),
    tierId: Type.Union([Type.String(), Type.Null()]),
    moved: Type.Boolean(),
    metric: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The tier metric at the event: kopecks spent or purchases',
    }),
    welcomeBonusPoints: Type.Integer(),
  },
  { 'x-perk-component': 'TierOutcome' },
);

const CampaignOutcomeSchema = Type.Object(
  {
    campaignId: Type.String(),
    granted: Type.Boolean(),
    operationId: Type.Optional(Type.String()),
    reward: Type.Optional(Type.Object({ kind: Type.String() }, { additionalProperties: true })),
    reason: Type.Optional(Type.String()),
  },
  { 'x-perk-component': 'CampaignOutcome' },
);

export const PricedLineSchema = Type.Object(
  {
    lineNo: Type.Integer(),
    lineId: Type.String(),
    sku: Type.String(),
    weighted: Type.Boolean(),
    quantity: Type.Integer({ description: 'Whole units, or thousandths for weighted goods' }),
    unitPriceMinor: Type.Integer(),
    totalMinor: Type.Integer(),
    discountMinor: Type.Integer({ description: 'The promotions and the rounding' }),
    roundingMinor: Rounding("The line's share of rounding the check total down"),
    redeemedPoints: Type.Integer(),
    redeemedMoneyMinor: Type.Integer(),
    paidMinor: Type.Integer(),
    accruedPoints: Type.Integer(),
  },
  { 'x-perk-component': 'PricedLine' },
);

export const PurchaseReceiptSchema = Type.Object(
  {
    purchaseId: Type.String({ format: 'uuid' }),
    transactionId: Type.String(),
    storeId: Type.String(),
    businessAt: Type.String({ format: 'date-time' }),
    offline: Type.Boolean(),
    customer: Type.Object({
      status: Type.Enum(['anonymous', 'not_found', 'identified']),
      id: Type.Optional(Type.String()),
    }),
    rulesetVersion: Type.String(),
    calculationId: Type.String(),
    lines: Type.Array(PricedLineSchema),
    subtotalMinor: Type.Integer(),
    discountMinor: Type.Integer({ description: 'Every discount, the rounding included' }),
    totalMinor: Type.Integer(),
    roundingMinor: Rounding('Taken off by rounding the check total down; not a promotion'),
    redeemedPoints: Type.Integer(),
    redeemedMoneyMinor: Type.Integer(),
    paidMinor: Type.Integer(),
    accruedPoints: Type.Integer(),
    accrual: Type.Union([
      Type.Object({
        activatesAt: Type.String({ format: 'date-time' }),
        expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      }),
      Type.Null(),
    ]),
    balance: Type.Union([Balance, Type.Null()]),
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
    receiptMessages: Type.Array(Text),
    giftCards: Type.Array(
      Type.Object({
        maskedNumber: Type.String(),
        chargedMinor: Type.Integer(),
        balanceMinor: Type.Integer(),
      }),
    ),
    tier: Type.Union([TierOutcomeSchema, Type.Null()]),
    campaigns: Type.Array(CampaignOutcomeSchema),
  },
  { 'x-perk-component': 'PurchaseReceipt' },
);

export const ReturnReceiptSchema = Type.Object(
  {
    purchaseId: Type.String({ format: 'uuid' }),
    returnId: Type.String(),
    kind: Type.Enum(['return', 'cancel']),
    businessAt: Type.String({ format: 'date-time' }),
    lines: Type.Array(
      Type.Object({
        lineNo: Type.Integer(),
        lineId: Type.String(),
        quantity: Type.Integer(),
        refundMinor: Type.Integer(),
        takeBackPoints: Type.Integer(),
        giveBackPoints: Type.Integer(),
      }),
    ),
    refundMinor: Type.Integer(),
    takeBackPoints: Type.Integer(),
    debtPoints: Type.Integer(),
    unrecoverablePoints: Type.Integer(),
    giveBackPoints: Type.Integer(),
    giveBackMoneyMinor: Type.Integer(),
    balance: Type.Union([Balance, Type.Null()]),
    campaignRewardsRevoked: Type.Array(Type.String()),
    tier: Type.Union([TierOutcomeSchema, Type.Null()]),
    giftCardRefunds: Type.Array(
      Type.Object({
        maskedNumber: Type.String(),
        amountMinor: Type.Integer(),
        balanceMinor: Type.Integer(),
      }),
      {
        description:
          'Parts of refundMinor that went back to the gift cards the purchase was paid with',
      },
    ),
    // Optional only because returns stored before sold cards were tied to lines lack it.
    giftCardsVoided: Type.Optional(
      Type.Array(
        Type.Object({
          maskedNumber: Type.String(),
          lineId: Type.Union([Type.String(), Type.Null()], {
            description: 'The line that sold it; null for a card sold without naming its line',
          }),
        }),
        {
          description:
            'Gift cards the purchase sold that came back with this return: they can no longer pay. A return of k units of a line voids k of the cards it sold, unspent ones first, then by card number',
        },
      ),
    ),
  },
  { 'x-perk-component': 'ReturnReceipt' },
);
