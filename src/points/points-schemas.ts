import { Type } from 'typebox';
import { MAX_POINTS } from '../engine/money/bounds.ts';

/** Request and response shapes of the points API. Instants are ISO 8601 strings in UTC. */
const Instant = Type.String({ format: 'date-time' });
const Points = Type.Integer({ description: 'whole points' });

export const PointsBalanceSchema = Type.Object(
  {
    customerId: Type.String({ format: 'uuid', description: 'the survivor for a merged-away id' }),
    active: Type.Integer({ description: 'spendable now, net of debt (negative while in debt)' }),
    pending: Type.Integer({ description: 'spendable after the return period' }),
    debt: Type.Integer({ description: 'points owed after returns of spent points' }),
    expiringSoon: Type.Array(Type.Object({ at: Instant, points: Points })),
  },
  { 'x-perk-component': 'PointsBalance' },
);

export const LotViewSchema = Type.Object(
  {
    lotId: Type.String(),
    source: Type.String({
      description: 'purchase, welcome_bonus, campaign_bonus, adjustment or opening_balance',
    }),
    purchaseId: Type.Union([Type.String(), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    earnedAt: Instant,
    activatesAt: Instant,
    expiresAt: Type.Union([Instant, Type.Null()]),
    amount: Points,
    remaining: Points,
    state: Type.Union([
      Type.Literal('pending'),
      Type.Literal('active'),
      Type.Literal('expired'),
      Type.Literal('spent'),
    ]),
  },
  { 'x-perk-component': 'PointsLot' },
);

export const EntryViewSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String(),
    from: Type.String(),
    to: Type.String(),
    points: Points,
    effectiveAt: Type.String({ format: 'date-time', description: 'business time' }),
    createdAt: Type.String({ format: 'date-time', description: 'when it was written' }),
    lotId: Type.Union([Type.String(), Type.Null()]),
    purchaseId: Type.Union([Type.String(), Type.Null()]),
    operationId: Type.Union([Type.String(), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
  },
  { 'x-perk-component': 'PointsEntry' },
);

export const AdjustmentInputSchema = Type.Object(
  {
    points: Type.Integer({
      minimum: -MAX_POINTS,
      maximum: MAX_POINTS,
      description: 'credit (> 0) or debit (< 0), never 0',
    }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    operationId: Type.String({ minLength: 1, maxLength: 200, description: 'idempotency key' }),
  },
  { additionalProperties: false, 'x-perk-component': 'PointsAdjustmentInput' },
);

export const AdjustmentSchema = Type.Object(
  {
    operationId: Type.String(),
    points: Points,
    lotId: Type.Union([Type.String(), Type.Null()]),
    draws: Type.Array(Type.Object({ lotId: Type.String(), points: Points })),
    balance: Type.Object({ active: Points, pending: Points, debt: Points }),
  },
  { 'x-perk-component': 'PointsAdjustment' },
);
