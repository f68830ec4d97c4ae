import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { type CalculateCartDeps, priceCart } from '../../carts/calculate-cart.ts';
import type { CalculationLog } from '../../carts/calculation-log.ts';
import { previewPoints } from '../../carts/points-preview.ts';
import type { ProductFactsSource } from '../../catalogue/product-facts-cache.ts';
import { ManualDiscountRequestSchema } from '../../engine/model/context.ts';
import {
  MAX_LINES,
  MAX_POINTS,
  MAX_QUANTITY,
  MAX_QUANTITY_MILLI,
  MAX_UNIT_PRICE_MINOR,
} from '../../engine/money/bounds.ts';
import type { ProgrammeCache } from '../../programme/programme-cache.ts';
import type { RulesetCache } from '../../promotions/ruleset-cache.ts';
import type { StoreCache } from '../../stores/store-cache.ts';
import type { AppDeps } from '../app.ts';
import { CartCalculationSchema } from '../calculation-schema.ts';
import type { LookupLimiters } from '../lookup-limiters.ts';
import { Id, problemResponses } from '../schemas.ts';

const UnitPrice = Type.Integer({
  minimum: 0,
  maximum: MAX_UNIT_PRICE_MINOR,
  description: 'Price of one unit (or one kg) in minor units (kopecks)',
});

const InlineFacts = Type.Object(
  {
    categoryId: Type.Optional(Type.String({ minLength: 1 })),
    brand: Type.Optional(Type.String({ minLength: 1 })),
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
    ),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 50 })),
    minPriceMinor: Type.Optional(UnitPrice),
    noDiscount: Type.Optional(Type.Boolean()),
    noPointsPayment: Type.Optional(Type.Boolean()),
    noAccrual: Type.Optional(Type.Boolean()),
  },
  {
    additionalProperties: false,
    description:
      'Facts for a product the catalogue does not know; the catalogue wins where it knows',
    'x-perk-component': 'InlineProductFacts',
  },
);

const Line = Type.Object(
  {
    lineId: Type.String({ minLength: 1, maxLength: 64 }),
    sku: Type.String({ minLength: 1, maxLength: 100 }),
    unitPriceMinor: UnitPrice,
    quantity: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_QUANTITY, description: 'Whole units' }),
    ),
    quantityMilli: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_QUANTITY_MILLI,
        description: 'Weighted goods, in thousandths (2.474 kg = 2474)',
      }),
    ),
    product: Type.Optional(InlineFacts),
  },
  { additionalProperties: false, 'x-perk-component': 'CartLine' },
);

export const CustomerReference = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid' })),
    card: Type.Optional(Type.String({ minLength: 1 })),
    phone: Type.Optional(Type.String({ minLength: 1 })),
    email: Type.Optional(Type.String({ minLength: 1 })),
    external: Type.Optional(
      Type.Object(
        { system: Type.String({ minLength: 1 }), id: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'Exactly one of the fields; absent for an anonymous cart',
    'x-perk-component': 'CustomerReference',
  },
);

export const CalculateRequest = Type.Object(
  {
    storeId: Id,
    at: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'Business time of the purchase; default now. At most a few minutes ahead of the ' +
          'server’s clock (PERK_FUTURE_TOLERANCE_SECONDS, else 422 business_time_in_future) ' +
          'unless whatIf; never before 2000-01-01T00:00:00Z (422 business_time_too_early)',
      }),
    ),
    whatIf: Type.Optional(
      Type.Boolean({
        description:
          'Default false. A what-if price, not a till’s: “what will this cart cost on 15 February”. `at` may ' +
          'then be ahead of the clock, up to 10 years (else 422 what_if_too_far). Promotions ' +
          '(validity, weekly schedule in the store’s local time) and coupons’ validity are ' +
          'judged at `at` by the current ruleset; the customer’s tier, segments, points ' +
          'balance and uses of limits and coupons are as of now. The answer says whatIf: ' +
          'true, and so do the calculation and integration logs. Nothing is committed from ' +
          'it: a purchase takes no whatIf and keeps the clock check',
      }),
    ),
    customer: Type.Optional(CustomerReference),
    lines: Type.Array(Line, { minItems: 1, maxItems: MAX_LINES }),
    couponCodes: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 }),
    ),
    manualDiscount: Type.Optional(ManualDiscountRequestSchema),
    explain: Type.Optional(
      Type.Enum(['relevant', 'all', 'ruleset'], {
        description:
          'Which promotions `explanations` covers. relevant (default): those that could concern ' +
          'this check — applied, or refused for a reason of this check — leaving out other ' +
          'stores’ and channels’ promotions and those not valid on the store’s local day; all: ' +
          'every promotion considered (its answer grows with the chain); ruleset: every active ' +
          'promotion, those no line of the cart touches too (no_eligible_lines, or the refusal ' +
          'that comes first: store, schedule, audience…), as the why explorer shows them',
      }),
    ),
    redeemPoints: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_POINTS,
        description:
          'Points the customer wants to pay with; previewed, not spent: the answer’s `points` ' +
          'says how many this check accepts (maxRedeemablePoints), what it would accrue after ' +
          'them, and in redemptionRefusal the code a commit would refuse them with',
      }),
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'CalculateRequest' },
);

/** What pricing a cart needs of the node, built once per route plugin. */
export function cartDeps({
  db,
  config,
  rulesets,
  stores,
  programme,
  limiters,
  productFacts,
}: Pick<AppDeps, 'db' | 'config'> & {
  rulesets: RulesetCache;
  stores: StoreCache;
  programme: ProgrammeCache;
  limiters: LookupLimiters;
  productFacts: ProductFactsSource;
}): CalculateCartDeps {
  return {
    db,
    rulesets,
    stores,
    programme,
    defaultCountry: config.defaultCountry,
    now: () => new Date(),
    futureToleranceMs: config.futureToleranceSeconds * 1000,
    couponLookups: limiters.couponLookups,
    productFacts,
  };
}

export const cartRoutes: FastifyPluginAsyncTypebox<
  AppDeps & {
    rulesets: RulesetCache;
    stores: StoreCache;
    programme: ProgrammeCache;
    calculationLog: CalculationLog;
    limiters: LookupLimiters;
    productFacts: ProductFactsSource;
  }
> = async (
  app,
  { db, config, rulesets, stores, programme, calculationLog, limiters, productFacts },
) => {
  const deps = cartDeps({ db, config, rulesets, stores, programme, limiters, productFacts });
  app.post(
    '/v1/carts/calculate',
    {
      config: { roles: permissions.cartsCalculate },
      schema: {
        tags: ['carts'],
        summary:
          'Price a cart: discounts per line, bonus points, and why each promotion applied or not',
        description:
          'Read-only and safe to repeat. Lines come back receipt-safe: unitPriceMinor × quantity = totalMinor; a line may be split in two.',
        body: CalculateRequest,
        response: { 200: CartCalculationSchema, ...problemResponses },
      },
    },
    async (request) => {
      // The engine's result is deeply readonly; the schema's static type is its mutable twin.
      const { calculation, balance } = await priceCart(deps, request.body, {
        apiKeyId: request.actor.keyId,
        withBalance: true,
      });
      const points = await previewPoints(
        deps,
        calculation,
        request.body.redeemPoints ?? 0,
        balance,
      );
      // The product facts stay out of the answer (the schema drops them), so out of the log too.
      const { cartLines, ...priced } = calculation;
      const answer = { ...priced, points };
      calculationLog.record({
        id: calculation.calculationId,
        createdAt: new Date(),
        apiKeyId: request.actor.keyId,
        storeId: calculation.storeId,
        customerId: calculation.customer.status === 'identified' ? calculation.customer.id : null,
        rulesetVersion: calculation.rulesetVersion,
        request: request.body,
        result: answer,
      });
      return answer as unknown as Static<typeof CartCalculationSchema>;
    },
  );
};
