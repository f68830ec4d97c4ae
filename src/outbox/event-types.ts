import { type Static, type TSchema, Type } from 'typebox';

const Balance = Type.Object(
  {
    active: Type.Integer({ description: 'Spendable points' }),
    pending: Type.Integer({ description: 'Accrued, not spendable yet' }),
    debt: Type.Integer({ description: 'Points the customer owes after returns' }),
  },
  { description: 'The customer’s points after the change' },
);

const PurchaseCommitted = Type.Object({
  purchaseId: Type.String(),
  transactionId: Type.String({ description: 'The till’s id of the check' }),
  storeId: Type.String(),
  offline: Type.Boolean(),
  subtotalMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  totalMinor: Type.Integer(),
  paidMinor: Type.Integer({ description: 'Paid in money, after points' }),
  redeemedPoints: Type.Integer(),
  accruedPoints: Type.Integer(),
  lines: Type.Array(
    Type.Object({
      lineId: Type.String(),
      sku: Type.String(),
      weighted: Type.Boolean(),
      quantity: Type.Integer({ description: 'Whole units, or thousandths of a weighted good' }),
      totalMinor: Type.Integer(),
      discountMinor: Type.Integer(),
      paidMinor: Type.Integer(),
    }),
  ),
});

const PurchaseReturned = Type.Object({
  purchaseId: Type.String(),
  returnId: Type.String(),
  refundMinor: Type.Integer(),
  takeBackPoints: Type.Integer(),
  giveBackPoints: Type.Integer(),
  lines: Type.Array(
    Type.Object({
      lineId: Type.String(),
      quantity: Type.Integer({ description: 'Whole units, or thousandths of a weighted good' }),
      refundMinor: Type.Integer(),
    }),
  ),
});

const PointsChanged = Type.Object({
  cause: Type.Object({
    kind: Type.Union([Type.Literal('purchase'), Type.Literal('return'), Type.Literal('cancel')]),
    purchaseId: Type.String(),
  }),
  credited: Type.Integer({ description: 'Points added (accrued or given back)', minimum: 0 }),
  debited: Type.Integer({ description: 'Points taken (redeemed or taken back)', minimum: 0 }),
  balance: Balance,
});

const TierChanged = Type.Object({
  previousTierId: Type.Union([Type.String(), Type.Null()]),
  tierId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union(
    [
      Type.Literal('purchase'),
      Type.Literal('return'),
      Type.Literal('period_end'),
      Type.Literal('manual'),
    ],
    { description: 'A return or cancel undoing the purchase that moved the tier is `return`' },
  ),
  purchaseId: Type.Union([Type.String(), Type.Null()]),
  welcomeBonusPoints: Type.Integer({ minimum: 0 }),
});

const SegmentMembership = Type.Object({ segmentId: Type.String() });

const CouponIssued = Type.Object({
  seriesId: Type.String(),
  code: Type.String({ description: 'The personal code, to send to the customer' }),
});

const AlertIncident = Type.Object({
  incidentId: Type.Integer(),
  ruleId: Type.String(),
  kind: Type.String({ description: 'The rule’s kind, e.g. `failed_calls`' }),
  subject: Type.String({ description: 'What the incident is about, e.g. a key or a promotion' }),
  text: Type.Object(
    { ru: Type.String(), en: Type.String() },
    { description: 'The condition in words, as the notices say it' },
  ),
  details: Type.Unknown({ description: 'The figures behind the condition, by the rule’s kind' }),
});

const CartAbandoned = Type.Object({
  campaignId: Type.String(),
  cartId: Type.String(),
  totalMinor: Type.Union([Type.Integer(), Type.Null()]),
  reportedAt: Type.String({ format: 'date-time' }),
});

/**
 * The payload of every event type, by type. A type is stable once published; a new shape gets
 * a new type. Payloads carry no personal data beyond the customer id (no phones, e-mails, card
 * numbers or PINs): a receiver looks the customer up if it needs more.
 */
export const eventPayloads = {
  'purchase.committed': PurchaseCommitted,
  'purchase.returned': PurchaseReturned,
  'purchase.cancelled': PurchaseReturned,
  'points.changed': PointsChanged,
  'tier.changed': TierChanged,
  'segment.entered': SegmentMembership,
  'segment.left': SegmentMembership,
  'coupon.issued': CouponIssued,
  'cart.abandoned': CartAbandoned,
  'alert.opened': AlertIncident,
  'alert.closed': AlertIncident,
} as const satisfies Record<string, TSchema>;

export type EventType = keyof typeof eventPayloads;
export const eventTypes = Object.keys(eventPayloads) as EventType[];

/** An event to record: its payload typed by its type. */
export type NewEvent = {
  [T in EventType]: {
    type: T;
    /** Business time of the change (the check's time, not the server's). */
    occurredAt: Date;
    customerId: string | null;
    payload: Static<(typeof eventPayloads)[T]>;
  };
}[EventType];
