import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { upliftTable } from '../../analytics/analytics-tables.ts';
import { uplift } from '../../analytics/uplift.ts';
import { PerkError } from '../../errors.ts';
import type { AppDeps } from '../app.ts';
import { Id, problemResponses } from '../schemas.ts';
import { CsvChoice, jsonOrCsv, send } from './analytics-answer.ts';

/** A decimal figure, or null when there is no one to divide by (or to compare with). */
const Nullable = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

const UpliftGroup = Type.Object(
  {
    customers: Type.Integer({ minimum: 0, description: 'Customers of the audience in the group' }),
    purchases: Type.Integer({ minimum: 0, description: 'Their checks in the period' }),
    revenueMinor: Type.Integer({ description: 'Their revenue in the period, kopecks' }),
    revenuePerCustomerMinor: Nullable('Revenue per customer, kopecks, a decimal to two places'),
    purchasesPerCustomer: Nullable('Checks per customer (frequency), a decimal to four places'),
    averageCheckMinor: Nullable('Revenue per check, kopecks, a decimal to two places'),
  },
  { 'x-perk-component': 'UpliftGroup' },
);

const UpliftDifference = Type.Object(
  {
    difference: Nullable('Treated − held out, in the unit of the metric (a decimal)'),
    low: Nullable('Lower end of the 95% interval; null with fewer than 2 customers in a group'),
    high: Nullable('Upper end of the 95% interval'),
    relative: Nullable('difference / held-out value, to four decimals (0.125 = +12.5%)'),
  },
  { 'x-perk-component': 'UpliftDifference' },
);

const UpliftAnswer = Type.Object(
  {
    promotionId: Type.String(),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    holdoutShareBp: Type.Integer({ minimum: 0, description: 'The share held out now' }),
    treated: UpliftGroup,
    heldOut: UpliftGroup,
    revenuePerCustomerMinor: UpliftDifference,
    purchasesPerCustomer: UpliftDifference,
    averageCheckMinor: UpliftDifference,
  },
  { 'x-perk-component': 'Uplift' },
);

export const analyticsUpliftRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    '/v1/analytics/uplift',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'Uplift of a promotion over its control group: revenue, frequency, average check',
        description:
          "The promotion's audience today (identified customers, not merged away, in its " +
          'segments and tiers) split by the control-group hash into treated and held out; per ' +
          'group the customers, their checks of [from, to) (live and imported, as the overview ' +
          'counts them) and revenue, customers without a check counted as zeros. Each difference ' +
          'treated − held out has a 95% interval by the normal approximation (Welch’s standard ' +
          'error; the delta method for the average check). docs/analytics.md gives the query.',
        querystring: Type.Object(
          {
            promotionId: Id,
            from: Type.String({ format: 'date-time' }),
            to: Type.String({ format: 'date-time' }),
            ...CsvChoice,
          },
          { additionalProperties: false },
        ),
        response: { 200: jsonOrCsv(UpliftAnswer), ...problemResponses },
      },
    },
    async (request, reply) => {
      const from = new Date(request.query.from);
      const to = new Date(request.query.to);
      if (!(to > from)) {
        throw new PerkError('invalid', 'invalid_period', '`to` must be after `from`', {
          field: '/to',
        });
      }
      const answer = await uplift(db, { promotionId: request.query.promotionId, from, to });
      return send(request, reply, 'uplift', answer, upliftTable);
    },
  );
};
