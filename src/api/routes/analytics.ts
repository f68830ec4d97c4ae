import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import {
  cohortsTable,
  economicsTable,
  overviewTable,
  repeatPurchasesTable,
  rfmTable,
} from '../../analytics/analytics-tables.ts';
import { cohorts } from '../../analytics/cohorts.ts';
import { economics } from '../../analytics/economics.ts';
import { overview } from '../../analytics/overview.ts';
import { repeatPurchases } from '../../analytics/repeat-purchases.ts';
import { rfmDistribution, rfmSegments } from '../../analytics/rfm-distribution.ts';
import { isCalendarDate } from '../../calendar/day-number.ts';
import { localDate } from '../../calendar/time-zone.ts';
import { MAX_AMOUNT_MINOR } from '../../engine/money/bounds.ts';
import { PerkError } from '../../errors.ts';
import { getProgramSettings } from '../../points/program-settings-store.ts';
import type { AppDeps } from '../app.ts';
import { Id, problemResponses } from '../schemas.ts';
import { CsvChoice, jsonOrCsv, send } from './analytics-answer.ts';

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
  ...CsvChoice,
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

/** The channel and store a query names (without the CSV choice). */
function scopeOf(query: { channel?: 'offline' | 'online'; storeId?: string }) {
  return { channel: query.channel, storeId: query.storeId };
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
          200: jsonOrCsv(
            Type.Object(
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
          ),
          ...problemResponses,
        },
      },
    },
    async (request, reply) =>
      send(
        request,
        reply,
        'overview',
        await overview(db, { ...scopeOf(request.query), ...periodOf(request.query) }),
        overviewTable,
      ),
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
          200: jsonOrCsv(
            Type.Object(
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
          ),
          ...problemResponses,
        },
      },
    },
    async (request, reply) =>
      send(
        request,
        reply,
        'repeat-purchases',
        await repeatPurchases(db, {
          ...scopeOf(request.query),
          ...periodOf(request.query),
          minCheckMinor: request.query.minCheckMinor ?? 0,
          maxPurchases: request.query.maxPurchases ?? 5,
        }),
        repeatPurchasesTable,
      ),
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
          200: jsonOrCsv(
            Type.Object(
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
          ),
          ...problemResponses,
        },
      },
    },
    async (request, reply) =>
      send(
        request,
        reply,
        'cohorts',
        await cohorts(
          db,
          { ...scopeOf(request.query), ...periodOf(request.query) },
          (await getProgramSettings(db)).timeZone,
        ),
        cohortsTable,
      ),
  );
  app.get(
    '/v1/analytics/economics',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'Programme economics: promotion discounts, points moved, breakage, liability',
        description:
          'Over [from, to): the discount each promotion gave on the live checks of the period ' +
          "(cancelled ones left out, returns not deducted; from the checks' lines), points moved " +
          'by kind of ledger entry (accrued, bonuses, taken back, redeemed, restored, expired, ' +
          'adjusted), breakage = expired ÷ (redeemed − restored + expired) in basis points, and ' +
          'the points customers hold at `to` (pending and spendable, net of debts) priced at ' +
          "today's point value. With `channel` or `storeId`, points count only when their " +
          "entry's purchase (or its lot's) was made there. docs/analytics.md gives each query.",
        querystring: Type.Object(Period, { additionalProperties: false }),
        response: {
          200: jsonOrCsv(
            Type.Object(
              {
                from: Type.String({ format: 'date-time' }),
                to: Type.String({ format: 'date-time' }),
                channel: Type.Union([Channel, Type.Null()]),
                storeId: Type.Union([Type.String(), Type.Null()]),
                currency: Type.String(),
                pointValueMinor: { ...Minor, description: 'The money value of a point now' },
                discounts: Type.Object({
                  totalMinor: Minor,
                  checks: { ...Count, description: 'Checks with a promotion discount' },
                  byPromotion: Type.Array(
                    Type.Object({
                      promotionId: Type.String(),
                      name: Type.String(),
                      checks: Count,
                      discountMinor: Minor,
                    }),
                  ),
                }),
                points: Type.Object({
                  accrued: Count,
                  bonuses: Count,
                  takenBack: Count,
                  redeemed: Count,
                  restored: Count,
                  expired: Count,
                  adjusted: Type.Integer({ description: 'Added less removed' }),
                }),
                redeemedMoneyMinor: {
                  ...Minor,
                  description: '(redeemed − restored) × pointValueMinor',
                },
                breakageBp: Type.Integer({
                  minimum: 0,
                  maximum: 10_000,
                  description:
                    'expired ÷ (max(0, redeemed − restored) + expired), per 10 000, rounded down',
                }),
                liability: Type.Object({
                  pending: Type.Integer(),
                  active: Type.Integer({ description: 'Spendable, net of debts' }),
                  points: Type.Integer(),
                  moneyMinor: Minor,
                }),
              },
              { 'x-perk-component': 'Economics' },
            ),
          ),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const settings = await getProgramSettings(db);
      const answer = await economics(
        db,
        { ...scopeOf(request.query), ...periodOf(request.query) },
        settings,
      );
      return send(request, reply, 'economics', answer, economicsTable);
    },
  );
  app.get(
    '/v1/analytics/rfm',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'RFM distribution, named segments and churn risk on a day',
        description:
          "Recency, frequency and monetary scores 1–5 as the segments' hourly recompute gives " +
          'them (quintiles over the customers who bought in the 365 days to `at`), taken on the ' +
          "programme's day `at` (today by default): customers per R × F cell, per monetary " +
          'score and per named segment (the usual R × F map, docs/analytics.md), and churn risk: ' +
          'of the scored customers who bought on two days or more, those whose days since their ' +
          'last purchase exceed churnFactor × their mean interval between purchase days.',
        querystring: Type.Object(
          {
            at: Type.Optional(
              Type.String({
                pattern: '^\\d{4}-\\d{2}-\\d{2}$',
                description: "The programme's day, YYYY-MM-DD; today by default",
              }),
            ),
            churnFactor: Type.Integer({ minimum: 1, maximum: 10, default: 2 }),
            ...CsvChoice,
          },
          { additionalProperties: false },
        ),
        response: {
          200: jsonOrCsv(
            Type.Object(
              {
                at: Type.String(),
                scoredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
                  description:
                    'When the scores were taken: on the day of the daily segment recalculation (and with no history import since) its kept scores are read, and purchases after it count in the next one; null when scored for this answer',
                }),
                windowDays: Type.Integer(),
                customers: { ...Count, description: 'Customers with a purchase in the window' },
                grid: Type.Array(Type.Array(Count), {
                  description: 'grid[r − 1][f − 1]: customers with recency r and frequency f',
                }),
                monetary: Type.Array(Count, { description: 'Customers per monetary score 1..5' }),
                segments: Type.Array(
                  Type.Object({
                    segment: Type.Enum(rfmSegments.map((s) => s.segment)),
                    customers: Count,
                  }),
                ),
                churn: Type.Object({
                  factor: Type.Integer(),
                  assessed: { ...Count, description: 'Scored customers who bought on 2+ days' },
                  atRisk: Count,
                  oneDay: { ...Count, description: 'Scored customers who bought on one day' },
                }),
              },
              { 'x-perk-component': 'RfmDistribution' },
            ),
          ),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { at, churnFactor } = request.query;
      if (at !== undefined && !isCalendarDate(at)) {
        throw new PerkError('invalid', 'invalid_date', '`at` is not a calendar date', {
          field: '/at',
        });
      }
      const day = at ?? localDate(new Date(), (await getProgramSettings(db)).timeZone);
      const answer = await rfmDistribution(db, { at: day, churnFactor: churnFactor ?? 2 });
      return send(request, reply, 'rfm', answer, rfmTable);
    },
  );
};
