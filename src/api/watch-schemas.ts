import { Type } from 'typebox';

const LocalizedText = Type.Object(
  { ru: Type.String(), en: Type.String() },
  { 'x-perk-component': 'LocalizedText' },
);

const causes = [
  'stacked',
  'suppressed',
  'validity_over',
  'empty_scope',
  'empty_segment',
  'schedule_never_open',
  'coupons_exhausted',
  'threshold_unreached',
  'always_suppressed',
  'over_ceiling',
  'min_price_only',
] as const;

export const WatchExampleCart = Type.Object(
  {
    storeId: Type.String(),
    at: Type.String({ format: 'date-time', description: 'The instant of the example purchase' }),
    customer: Type.Object({
      segmentIds: Type.Array(Type.String()),
      tierId: Type.Union([Type.String(), Type.Null()]),
    }),
    couponCodes: Type.Array(Type.String(), {
      description: 'Placeholders for a code of each coupon promotion involved',
    }),
    lines: Type.Array(
      Type.Object({
        sku: Type.String(),
        quantity: Type.Integer(),
        unitPriceMinor: Type.Integer(),
      }),
    ),
    subtotalMinor: Type.Integer(),
    totalMinor: Type.Integer(),
    discountByPromotion: Type.Record(Type.String(), Type.Integer(), {
      description: 'What each promotion of the finding gave on this cart (0: it did not apply)',
    }),
  },
  {
    'x-perk-component': 'WatchExampleCart',
    description: 'A cart that shows the finding, priced by the engine',
  },
);

export const WatchFinding = Type.Object(
  {
    kind: Type.Enum(['overlap', 'never_fires', 'margin_risk']),
    cause: Type.Enum([...causes], {
      description:
        'Stable codes. overlap: stacked (both apply to the same units, discounts add up), ' +
        'suppressed (one keeps the other out); never_fires: validity_over, empty_scope, ' +
        'empty_segment, schedule_never_open, coupons_exhausted, threshold_unreached (above the ' +
        'last checks), always_suppressed; margin_risk: over_ceiling, min_price_only',
    }),
    severity: Type.Enum(['error', 'warning', 'info'], {
      description: 'error refuses activation unless overridden with a reason',
    }),
    promotionIds: Type.Array(Type.String(), {
      description: 'The promotions involved, the one the finding is about first',
    }),
    example: Type.Union([WatchExampleCart, Type.Null()]),
    details: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
      description: 'Numbers of the finding: amounts in kopecks, percentages in basis points',
    }),
    text: LocalizedText,
  },
  { 'x-perk-component': 'WatchFinding' },
);
