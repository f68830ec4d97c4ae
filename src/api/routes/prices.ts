import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { MAX_PRICE_SKUS, priceSkus } from '../../carts/shop-prices.ts';
import type { ProductFactsSource } from '../../catalogue/product-facts-cache.ts';
import { MAX_UNIT_PRICE_MINOR } from '../../engine/money/bounds.ts';
import type { ProgrammeCache } from '../../programme/programme-cache.ts';
import type { RulesetCache } from '../../promotions/ruleset-cache.ts';
import type { StoreCache } from '../../stores/store-cache.ts';
import type { AppDeps } from '../app.ts';
import type { LookupLimiters } from '../lookup-limiters.ts';
import { Id, problemResponses } from '../schemas.ts';
import { CustomerReference, cartDeps } from './carts.ts';

const Minor = (description: string) =>
  Type.Integer({ minimum: 0, maximum: MAX_UNIT_PRICE_MINOR, description });
const Text = Type.Object({ ru: Type.String(), en: Type.String() });

const PricesRequest = Type.Object(
  {
    storeId: Id,
    at: Type.Optional(
      Type.String({ format: 'date-time', description: 'The instant to price at; default now' }),
    ),
    customer: Type.Optional(CustomerReference),
    items: Type.Array(
      Type.Object(
        {
          sku: Type.String({ minLength: 1, maxLength: 100 }),
          regularPriceMinor: Minor(
            'The shelf price of one unit (or one kg) in minor units; the catalogue holds none',
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_PRICE_SKUS, description: 'Distinct SKUs' },
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'PricesRequest' },
);

const PricedSku = Type.Object(
  {
    sku: Type.String(),
    status: Type.Enum(['priced', 'unknown_sku'], {
      description: 'unknown_sku: the catalogue has no such product, so nothing was priced',
    }),
    regularPriceMinor: Type.Integer(),
    priceMinor: Type.Union([Type.Integer(), Type.Null()], {
      description: 'One unit bought alone, for this customer, at this store and time',
    }),
    discountMinor: Type.Union([Type.Integer(), Type.Null()]),
    promotions: Type.Array(
      Type.Object({
        promotionId: Type.String(),
        name: Type.String(),
        discountMinor: Type.Integer(),
      }),
    ),
    badge: Type.Union([Text, Type.Null()], {
      description:
        'The saving as the shop shows it: a percent when it is one exactly ("−15%"), else money ("−100 ₽"); null without a discount',
    }),
  },
  { 'x-perk-component': 'PricedSku' },
);

const PricesAnswer = Type.Object(
  {
    storeId: Type.String(),
    pricedAt: Type.String({ format: 'date-time' }),
    customer: Type.Object({
      status: Type.Enum(['anonymous', 'not_found', 'identified']),
      id: Type.Optional(Type.String()),
    }),
    rulesetVersion: Type.String(),
    items: Type.Array(PricedSku, { description: 'In the order asked' }),
  },
  { 'x-perk-component': 'Prices' },
);

export const priceRoutes: FastifyPluginAsyncTypebox<
  AppDeps & {
    rulesets: RulesetCache;
    stores: StoreCache;
    programme: ProgrammeCache;
    limiters: LookupLimiters;
    productFacts: ProductFactsSource;
  }
> = async (app, { db, config, rulesets, stores, programme, limiters, productFacts }) => {
  const deps = cartDeps({ db, config, rulesets, stores, programme, limiters, productFacts });
  app.post(
    '/v1/prices',
    {
      config: { roles: permissions.cartsCalculate },
      schema: {
        tags: ['carts'],
        summary: 'A web shop’s prices: regular and promotional price and badge of up to 500 SKUs',
        description:
          'Read-only. Each SKU is priced by the promotion engine as a cart holding one unit of it alone, for this customer (segments, tier, personal promotions and their uses) at this store and time. The promotional price is therefore what one unit costs bought by itself: per-item promotions (percent or amount off, a fixed price) show; a promotion needing more of the cart (a minimum subtotal or quantity one unit does not reach, the n-th item, a bundle, a product the cart must contain) or a coupon does not. Check rounding is not a promotion and is left out. Products are read through a cache of a few seconds per node: a catalogue change shows here within 5 s (carts and commits read the catalogue directly). A SKU the catalogue does not know comes back with status unknown_sku; a SKU asked twice is refused (duplicate_sku).',
        body: PricesRequest,
        response: { 200: PricesAnswer, ...problemResponses },
      },
    },
    async (request) => {
      return (await priceSkus(deps, request.body)) as Static<typeof PricesAnswer>;
    },
  );
};
