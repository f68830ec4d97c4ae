import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { promotionFigures } from '../../promotions/promotion-figures.ts';
import type { AppDeps } from '../app.ts';
import { problemResponses } from '../schemas.ts';

const Left = (budget: string) =>
  Type.Union([Type.Integer(), Type.Null()], {
    description: `What is left of limits.${budget}, never below 0; null without that budget`,
  });

const PromotionFigures = Type.Object(
  {
    promotionId: Type.String(),
    basis: Type.Enum(['counters', 'checks'], {
      description:
        'counters: a promotion with a use limit or a budget, counted at each commit and given ' +
        'back on returns and cancels — the figures its limits are held to (counted from when ' +
        'the limit was set); checks: one without, read from the live checks it applied to ' +
        '(cancelled ones left out, returns not deducted)',
    }),
    uses: Type.Integer({ description: 'Purchases it applied to' }),
    discountMinor: Type.Integer({ description: 'Discount it gave, kopecks' }),
    points: Type.Integer({ description: 'Points it gave' }),
    budgetLeftMinor: Left('budgetMinor'),
    budgetLeftPoints: Left('budgetPoints'),
  },
  { 'x-perk-component': 'PromotionFigures' },
);

export const promotionFigureRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    '/v1/analytics/promotions',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'What each promotion has given over its life: uses, discount, points, budget left',
        description:
          'Every promotion, in id order. A promotion with limits answers from the counters its ' +
          'limits are enforced on (one row each); the others from the live checks, read in one ' +
          'pass over the purchases.',
        response: {
          200: Type.Object({ items: Type.Array(PromotionFigures) }),
          ...problemResponses,
        },
      },
    },
    async () => ({ items: await promotionFigures(db) }),
  );
};
