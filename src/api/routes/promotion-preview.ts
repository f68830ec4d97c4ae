import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import type { ProductFactsSource } from '../../catalogue/product-facts-cache.ts';
import { PromotionDefinitionSchema } from '../../engine/promotion/promotion-schema.ts';
import type { ProgrammeCache } from '../../programme/programme-cache.ts';
import { previewPromotion } from '../../promotions/preview-promotion.ts';
import type { RulesetCache } from '../../promotions/ruleset-cache.ts';
import type { StoreCache } from '../../stores/store-cache.ts';
import type { AppDeps } from '../app.ts';
import { CartCalculationSchema } from '../calculation-schema.ts';
import type { LookupLimiters } from '../lookup-limiters.ts';
import { problemResponses } from '../schemas.ts';
import { CalculateRequest, cartDeps } from './carts.ts';

// The cart of `POST /v1/carts/calculate` without what a preview decides itself: every promotion is
// explained to reach the draft, and no points are spent.
const { explain: _explain, redeemPoints: _redeem, ...cartFields } = CalculateRequest.properties;
const PreviewCart = Type.Object(cartFields, {
  additionalProperties: false,
  'x-perk-component': 'PromotionPreviewCart',
});

const PreviewRequest = Type.Object(
  {
    definition: {
      ...PromotionDefinitionSchema,
      description: 'The promotion as edited, unsaved; priced as if active, in any status',
    },
    cart: PreviewCart,
  },
  { additionalProperties: false, 'x-perk-component': 'PromotionPreviewRequest' },
);

const PromotionPreview = Type.Object(
  {
    calculation: {
      ...CartCalculationSchema,
      description:
        'The cart priced with the draft in the active ruleset (in place of the promotion of its ' +
        'id); explanations are the applied promotions’ and the draft’s; points is null',
    },
    current: Type.Object(
      { totalMinor: Type.Integer(), discountMinor: Type.Integer(), bonusPoints: Type.Integer() },
      { description: 'The same cart by the active ruleset as it stands' },
    ),
    promotion: Type.Object(
      {
        promotionId: Type.String(),
        applied: Type.Boolean(),
        discountMinor: Type.Integer(),
        points: Type.Integer(),
        explanation: Type.Union(
          [CartCalculationSchema.properties.explanations.items, Type.Null()],
          {
            description:
              'Why the draft applied or not; null when no line of the cart is in its scope (the ' +
              'engine considers a promotion only for the lines it may touch)',
          },
        ),
      },
      { description: 'What the draft did on this cart' },
    ),
  },
  { 'x-perk-component': 'PromotionPreview' },
);

export const promotionPreviewRoutes: FastifyPluginAsyncTypebox<
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
    '/v1/promotions/preview',
    {
      config: { roles: permissions.cartsCalculate },
      schema: {
        tags: ['promotions'],
        summary: 'Price a sample cart with an unsaved promotion',
        description:
          'Nothing is saved. The definition is checked as a save checks it (every problem at ' +
          'once, 400, fields under /definition), compiled into the active ruleset as if active ' +
          '(in place of the stored promotion of its id), and the cart is priced by that ruleset ' +
          'and, for comparison, by the active one. Usage limits and budgets count as they stand ' +
          'for the stored promotion. Cart refusals as for POST /v1/carts/calculate.',
        body: PreviewRequest,
        response: { 200: PromotionPreview, ...problemResponses },
      },
    },
    async (request) => {
      const preview = await previewPromotion(deps, request.body, request.actor.keyId);
      // The engine's result is deeply readonly; the schema's static type is its mutable twin.
      return {
        ...preview,
        calculation: { ...preview.calculation, points: null },
      } as unknown as Static<typeof PromotionPreview>;
    },
  );
};
