import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { cohorts } from '../../analytics/cohorts.ts';
import { overview } from '../../analytics/overview.ts';
import { repeatPurchases } from '../../analytics/repeat-purchases.ts';
import { MAX_AMOUNT_MINOR } from '../../engine/money/bounds.ts';
import { PerkError } from '../../errors.ts';
import { getProgramSettings } from '../../points/program-settings-store.ts';
import type { AppDeps } from '../app.ts';
import { Id, problemResponses } from '../schemas.ts';

const Count = Type.Integer({ minimum: 0 });
const Minor = Type.Integer({ description: 'Kopecks' });
const Ratio = Type.Number({ description: 'To two decimals' });

const OverviewMetrics = Type.Object(
  {
    checks: Count,
    identifiedChecks: { ...Count, description: 'Checks with a customer' },
    identifiedShareBp: Type.Integer({
      description: 'Identified checks per 10 000 checks, rounded down',
    }),
    revenueMinor: {
      ...Minor,
      description: 'What the checks sold for after discounts, less what was refunded on them since',
    },
    averageCheckMinor: { ...Minor, description: 'Revenue per check, rounded down' },
    items: { ...Count, description: 'Units sold; a weighed line counts as one' },
    itemsPerCheck: Ratio,
    customers: { ...Count, description: 'Identified customers with a check among these' },
    newCustomers: {
      ...Count,
      description: 'Customers whose first check anywhere falls in the period',
    },
    loyalCustomers: { ...Count, description: 'Customers with more than one check among these' },
    oneTimeCustomers: { ...Count, description: 'Customers with exactly one check among these' },
    frequency: { ...Ratio, description: 'Identified checks per customer, to two decimals' },
  },
  { 'x-perk-component': 'OverviewMetrics' },
);
const Channel = Type.Enum(['offline', 'online']);
const Period = {
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  channel: Type.Optional(Channel),
  storeId: Type.Optional(Id),
};

function periodOf(query: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (!(to > from)) {
    throw new PerkError('invalid', 'invalid_period', '`to` must be after `from`', {
      field: '/to',
    });
  }
  return { from, to };
}

export const analyticsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    '/v1/analytics/overview',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'Customers, checks and revenue of a period, overall and per channel',
        description:
          'Over live purchases (cancelled ones left out) and imported history (outliers left ' +
          'out) together, checks of [from, to): customers (new, loyal with more than one check, ' +
          'one-time), share of identified checks, revenue, average check, items per check and ' +
          "frequency; overall and per channel (a live check's channel is its store's: a till is " +
          'offline, a web shop or app online). `channel` and `storeId` narrow the checks. ' +
          'docs/analytics.md gives the query behind each figure.',
        querystring: Type.Object(Period, { additionalProperties: false }),
        response: {
          200: Type.Object(
            {
              from: Type.String({ format: 'date-time' }),
              to: Type.String({ format: 'date-time' }),
              channel: Type.Union([Channel, Type.Null()]),
              storeId: Type.Union([Type.String(), Type.Null()]),
              total: OverviewMetrics,
              byChannel: Type.Object({ offline: OverviewMetrics, online: OverviewMetrics }),
            },
            { 'x-perk-component': 'Overview' },
          ),
          ...problemResponses,
        },
      },
    },
    async (request) => overview(db, { ...request.query, ...periodOf(request.query) }),
  );
  app.get(
    '/v1/analytics/repeat-purchases',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'How many customers made 2, 3, … purchases within 1, 2, 3, 6 and 12 months',
        description:
          'The repeat-purchase chart for designing a programme: per window of 1, 2, 3, 6 and ' +
          "12 months from a customer's first counted check of the period (cut at the period's " +
          'end), the customers who made at least 2, 3, … counted checks in it (the last row: ' +
          'maxPurchases or more). Only identified checks of at least minCheckMinor count. Checks ' +
          'as in the overview: live purchases and imported history, cancelled ones and outliers ' +
          'left out.',
        querystring: Type.Object(
          {
            ...Period,
            minCheckMinor: Type.Integer({
              minimum: 0,
              maximum: MAX_AMOUNT_MINOR,
              default: 0,
              description: 'Only checks of at least this revenue count (kopecks)',
            }),
            maxPurchases: Type.Integer({ minimum: 2, maximum: 20, default: 5 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              windowsMonths: Type.Array(Type.Integer()),
              customers: {
                ...Count,
                description: 'Identified customers with a counted check in the period',
              },
              rows: Type.Array(
                Type.Object({
                  purchases: Type.Integer({ minimum: 2 }),
                  customers: Type.Array(Count, {
                    description: 'Per window, in the order of windowsMonths',
                  }),
                }),
              ),
            },
            { 'x-perk-component': 'RepeatPurchases' },
          ),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      repeatPurchases(db, {
        ...request.query,
        ...periodOf(request.query),
        minCheckMinor: request.query.minCheckMinor ?? 0,
        maxPurchases: request.query.maxPurchases ?? 5,
      }),
  );
  app.get(
    '/v1/analytics/cohorts',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'Retention by month of first purchase',
        description:
          "Customers grouped by the month of their first check (in the programme's time zone; " +
          'of the channel or store asked, when one is) for each month of [from, to), and for ' +
          'each group, month by month to the end of the period, how many bought in that month. ' +
          'Checks as in the overview: live purchases and imported history, cancelled ones and ' +
          'outliers left out.',
        querystring: Type.Object(Period, { additionalProperties: false }),
        response: {
          200: Type.Object(
            {
              timeZone: Type.String(),
              cohorts: Type.Array(
                Type.Object({
                  month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
                  customers: Count,
                  active: Type.Array(Count, {
                    description: "From the cohort's month on: customers who bought in each month",
                  }),
                }),
              ),
            },
            { 'x-perk-component': 'Cohorts' },
          ),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      cohorts(
        db,
        { ...request.query, ...periodOf(request.query) },
        (await getProgramSettings(db)).timeZone,
      ),
  );
};
