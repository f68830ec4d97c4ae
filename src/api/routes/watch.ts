import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { PromotionDefinitionSchema } from '../../engine/promotion/promotion-schema.ts';
import { notFound } from '../../errors.ts';
import { getBacktest, listBacktests, requestBacktest } from '../../watch/backtest-runs.ts';
import { type CurrentWatch, latestWatchRun } from '../../watch/watch-service.ts';
import type { AppDeps } from '../app.ts';
import { Id, Limit, problemResponses, Uuid } from '../schemas.ts';
import { WatchFinding } from '../watch-schemas.ts';

const WatchRun = Type.Object(
  {
    analyzedAt: Type.String({ format: 'date-time' }),
    promotions: Type.Integer({ description: 'Active promotions analysed' }),
    findings: Type.Array(WatchFinding),
  },
  { 'x-perk-component': 'WatchRun' },
);

const Minor = Type.Integer({ description: 'Kopecks' });
const RunStats = Type.Object(
  {
    checks: Type.Integer({ description: 'Checks priced' }),
    totalMinor: Minor,
    averageCheckMinor: Minor,
    promotions: Type.Array(
      Type.Object({
        promotionId: Type.String(),
        checks: Type.Integer(),
        units: Type.Integer({ description: 'Units of the lines it discounted or gave points on' }),
        discountMinor: Minor,
        points: Type.Integer(),
      }),
    ),
  },
  { 'x-perk-component': 'BacktestRunStats' },
);
const BacktestReport = Type.Object(
  {
    baseline: RunStats,
    withDraft: RunStats,
    averageCheckChangeMinor: Minor,
    changedChecks: Type.Integer({
      description: 'Checks whose total or points the candidate changed',
    }),
    exampleCheckIds: Type.Array(Type.String(), {
      description:
        'Purchases (uuid) or imported checks the draft applied to — for a whole ruleset, whose total or points it changed — at most five',
    }),
  },
  { 'x-perk-component': 'BacktestReport' },
);
// A version: the promotions that would be active together.
const RulesetVersion = Type.Array(PromotionDefinitionSchema, { maxItems: 2_000 });
const BacktestRequest = Type.Object(
  {
    draft: Type.Optional({
      ...PromotionDefinitionSchema,
      description:
        'One draft promotion, added to the baseline (or in place of the promotion of its id)',
    }),
    ruleset: Type.Optional({
      ...RulesetVersion,
      description: 'A whole draft ruleset, priced in place of the baseline (instead of `draft`)',
    }),
    baseline: Type.Optional({
      ...RulesetVersion,
      description: 'The version compared with; absent: the active ruleset when the run is priced',
    }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    storeIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  },
  { additionalProperties: false, 'x-perk-component': 'BacktestRequest' },
);
const BacktestRun = Type.Object(
  {
    id: Uuid,
    status: Type.Enum(['queued', 'running', 'done', 'failed']),
    request: BacktestRequest,
    requestedBy: Type.String(),
    checksTotal: Type.Integer({ description: 'Checks in the period when it was asked for' }),
    checksDone: Type.Integer(),
    report: Type.Union([BacktestReport, Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { 'x-perk-component': 'BacktestRun' },
);

export const watchRoutes: FastifyPluginAsyncTypebox<
  AppDeps & { currentWatch: CurrentWatch }
> = async (app, { db, currentWatch }) => {
  app.get(
    '/v1/watch/findings',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['watch'],
        summary: 'Conflicts, promotions that never fire and margin risks over the whole ruleset',
        description:
          'The promotion watch over every active promotion: overlaps (two promotions on the same ' +
          'units at the same time, store and audience), reasons a promotion never fires, and ' +
          'margin risks, each with an example cart priced by the engine and a text in Russian ' +
          'and English. `source=latest` answers the last nightly run (404 watch_not_run before ' +
          'the first); by default the ruleset is analysed now. A node answers an analysis it made ' +
          'for up to 5 minutes while the promotions, settings, catalogue and stores stay the ' +
          'same; `analyzedAt` says when it was made.',
        querystring: Type.Object(
          { source: Type.Optional(Type.Enum(['now', 'latest'])) },
          { additionalProperties: false },
        ),
        response: { 200: WatchRun, ...problemResponses },
      },
    },
    async (request) => {
      if (request.query.source !== 'latest') return currentWatch.run();
      const run = await latestWatchRun(db);
      if (run === null) {
        throw notFound('watch_not_run', 'The nightly promotion watch has not run yet', '/source');
      }
      return run;
    },
  );
  app.post(
    '/v1/watch/backtests',
    {
      config: { roles: permissions.backtests },
      schema: {
        tags: ['watch'],
        summary:
          'Try a draft promotion, or compare two ruleset versions, on the past checks of a period',
        description:
          'Queues a backtest: the checks of [from, to) — committed purchases and imported ' +
          'history, outliers left out — are re-priced by the engine at their own time and store, ' +
          'once by the baseline (the active ruleset, or the version sent as `baseline`) and once ' +
          'by the candidate: `draft`, one promotion added (or in place of the promotion of its ' +
          'id), or `ruleset`, a whole version — exactly one of the two. The report gives, side ' +
          'by side, per promotion the checks and units it reached, its discount and points, the ' +
          'change in average check and the checks that changed. Members of a version are priced ' +
          'as if active. Runs in the ' +
          'background on any node; poll GET /v1/watch/backtests/{id}. Nothing reaches ' +
          "customers' accounts. Customers' segments and tier are taken as they are now; usage " +
          'limits, budgets and coupon codes are not replayed. The draft is checked as a save ' +
          'checks it (so is every member of a version, which names each promotion once); refused with every problem at once (400, or 422 when only references to ' +
          'stores, groups, segments or tiers are unknown); the period is at most 400 days.',
        body: BacktestRequest,
        response: { 202: BacktestRun, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await requestBacktest(db, request.actor, request.body)),
  );
  app.get(
    '/v1/watch/backtests',
    {
      config: { roles: permissions.backtests },
      schema: {
        tags: ['watch'],
        summary: 'The latest backtests, newest first',
        description: 'Each with its progress and, once done, its report.',
        querystring: Type.Object({ limit: Type.Optional(Limit) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(BacktestRun) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listBacktests(db, request.query.limit ?? 50) }),
  );
  app.get(
    '/v1/watch/backtests/:id',
    {
      config: { roles: permissions.backtests },
      schema: {
        tags: ['watch'],
        summary: 'One backtest: its progress, and its report once done',
        description: '404 backtest_not_found.',
        params: Type.Object({ id: Uuid }),
        response: { 200: BacktestRun, ...problemResponses },
      },
    },
    async (request) => getBacktest(db, request.params.id),
  );
};
