import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { CallCounter } from '../alerts/call-counter.ts';
import { forgetCategoryTree } from '../catalogue/categories.ts';
import { loadProductFacts } from '../catalogue/product-facts.ts';
import { type CatalogueCaches, ProductFactsCache } from '../catalogue/product-facts-cache.ts';
import type { PerkConfig } from '../config.ts';
import { composeHandlers } from '../handlers.ts';
import { composeJobs } from '../jobs/compose-jobs.ts';
import type { Job } from '../jobs/job.ts';
import { scryptHasher } from '../operators/password-hash.ts';
import { ProgrammeCache } from '../programme/programme-cache.ts';
import { RulesetCache } from '../promotions/ruleset-cache.ts';
import { type ChangeFeed, localChanges } from '../store/change-feed.ts';
import type { Db } from '../store/database.ts';
import { KeyedQueue } from '../store/keyed-queue.ts';
import { StoreCache } from '../stores/store-cache.ts';
import { CurrentWatch } from '../watch/watch-service.ts';
import { registerApiReference } from './api-reference.ts';
import { registerAuth, sessionCookie } from './auth.ts';
import { consoleRoutes, defaultConsoleDir } from './console-static.ts';
import { followChanges } from './follow-changes.ts';
import { InFlightLimit } from './in-flight-limit.ts';
import { registerInputGuard } from './input-guard.ts';
import { type LazyCompilers, lazyCompilers } from './lazy-compilers.ts';
import { redactingLoggerOptions } from './log-redaction.ts';
import { type LookupLimiters, memoryLimiters } from './lookup-limiters.ts';
import { registerMetrics } from './metrics.ts';
import { withComponents } from './openapi-components.ts';
import { withExamples } from './openapi-examples.ts';
import { withTags } from './openapi-tags.ts';
import { registerOverloadGuard } from './overload-guard.ts';
import { sendProblem, toProblem } from './problem.ts';
import type { Readiness } from './readiness.ts';
import { registerRequestId, requestIdOf } from './request-id.ts';
import { ProbeQuietLogController } from './request-log.ts';
import { accessRoutes } from './routes/access.ts';
import { alertRoutes } from './routes/alerts.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { analyticsForecastRoutes } from './routes/analytics-forecast.ts';
import { analyticsSimulationRoutes } from './routes/analytics-simulations.ts';
import { analyticsUpliftRoutes } from './routes/analytics-uplift.ts';
import { appleWalletServiceRoutes } from './routes/apple-wallet-service.ts';
import { calculationRoutes, registerCalculationLog } from './routes/calculations.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { cartRoutes } from './routes/carts.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { catalogueImportRoutes } from './routes/catalogue-imports.ts';
import { communicationRoutes } from './routes/communications.ts';
import { couponRoutes } from './routes/coupons.ts';
import { customerImportRoutes } from './routes/customer-imports.ts';
import { customerRoutes } from './routes/customers.ts';
import { giftCardRoutes } from './routes/gift-cards.ts';
import { healthRoutes } from './routes/health.ts';
import { historyRoutes } from './routes/history.ts';
import { integrationLogRoutes, registerIntegrationLog } from './routes/integration-log.ts';
import { jobRoutes } from './routes/jobs.ts';
import { mechanicRoutes } from './routes/mechanics.ts';
import { mindboxRoutes } from './routes/mindbox.ts';
import { operatorRoutes } from './routes/operators.ts';
import { pointsRoutes } from './routes/points.ts';
import { priceRoutes } from './routes/prices.ts';
import { promotionFigureRoutes } from './routes/promotion-figures.ts';
import { promotionPreviewRoutes } from './routes/promotion-preview.ts';
import { promotionRoutes } from './routes/promotions.ts';
import { purchaseRoutes } from './routes/purchases.ts';
import { rulesetHistoryRoutes } from './routes/ruleset-history.ts';
import { segmentRoutes } from './routes/segments.ts';
import { sessionRoutes } from './routes/session.ts';
import { storeRoutes } from './routes/stores.ts';
import { tierRoutes } from './routes/tiers.ts';
import { walletRoutes } from './routes/wallet.ts';
import { watchRoutes } from './routes/watch.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { validatorCompiler } from './validator.ts';

/** Where log lines go; pino writes one JSON line a call. */
export interface LogDestination {
  write(line: string): void;
}

export interface AppDeps {
  db: Db;
  config: PerkConfig;
  /** Standard output when absent; tests read the log from here. */
  logStream?: LogDestination | undefined;
  /** The secret `perk` commands send through a server that holds an embedded database. */
  localSecret?: string | undefined;
  /** The scheduled jobs, as the server's scheduler runs them; composed from `config` if not given. */
  jobs?: readonly Job[] | undefined;
  /** The built console to serve at `/`; console/dist by default. */
  consoleDir?: string;
  /** Compiles route schemas on first use; one of its own by default. */
  compilers?: LazyCompilers;
  /** Why the node is not ready yet (a first start writing the demo), for `/ready`. */
  readiness?: Readiness;
  /** Changes other nodes make; none heard by default (one process, or a test). */
  changes?: ChangeFeed;
  /** The failed-lookup limiters; in this process's memory by default. */
  limiters?: LookupLimiters;
  /** Counts answers per API key for the failed-calls alert; one of its own by default. */
  callCounts?: CallCounter;
}

/** How often a node adds its per-key call counts to the database (ms). */
const callCountFlushMs = 5_000;

/** Builds the HTTP application; listening is the caller's business, so tests use `inject` or a port. */
export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const compilers = deps.compilers ?? lazyCompilers();
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      ...redactingLoggerOptions(),
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    logController: new ProbeQuietLogController(),
    // Every log line of a request carries its id as `reqId`.
    genReqId: requestIdOf,
    bodyLimit: 10 * 1024 * 1024,
    schemaController: { compilersFactory: { buildSerializer: compilers.buildSerializer } },
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(compilers.validator(validatorCompiler));
  // Routes with a compiler of their own (a service that checks the body whole) compile lazily too.
  app.addHook('onRoute', (route) => {
    if (route.validatorCompiler)
      route.validatorCompiler = compilers.validator(route.validatorCompiler);
  });
  // Listening first, compiling after: what a request needs before then it compiles itself.
  // Response serializers stay lazy: generated per route and status, with their source text kept
  // by V8, they held ~8 MB for routes a node may never answer (bench/memory.ts).
  app.addHook('onListen', () => {
    compilers.warmUp('validators').then(
      (count) => app.log.debug({ count }, 'route schemas compiled'),
      (error: unknown) => app.log.error({ err: error }, 'a route schema does not compile'),
    );
  });
  registerRequestId(app);
  const { inFlight } = deps.config.overload;
  const limit = inFlight.slots > 0 ? new InFlightLimit(inFlight) : undefined;
  const metrics = registerMetrics(app, { ...deps.config.metrics, host: deps.config.host }, limit);
  const answerProblem = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const body = toProblem(error, request);
    // A refusal for overload is the node working as meant, and a line each would add to the load.
    if (body.status >= 500 && body.status !== 503)
      request.log.error({ err: error }, 'request failed');
    metrics.countProblem(body.code);
    return sendProblem(reply, body);
  };
  app.setErrorHandler(answerProblem);
  app.setNotFoundHandler((request, reply) => {
    const error = Object.assign(new Error(`No route ${request.method} ${request.url}`), {
      statusCode: 404,
      code: 'FST_ERR_NOT_FOUND',
    });
    return answerProblem(error, request, reply);
  });
  await registerOverloadGuard(app, deps.config.overload, limit, metrics);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Perk API',
        version: '1',
        description: 'Loyalty-program processing: customers, catalogue, promotions, points.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: sessionCookie },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transformObject: (document) =>
      'openapiObject' in document
        ? withExamples(withTags(withComponents(document.openapiObject)))
        : document.swaggerObject,
  });
  // Public: the reference page (Scalar) at /docs, Swagger UI beside it, the document at /docs/json.
  registerApiReference(app);
  await app.register(swaggerUi, { routePrefix: '/docs/swagger' });
  app.get('/docs/json', { schema: { hide: true } }, () => app.swagger());

  await registerAuth(app, deps.db, deps.config.operators, deps.localSecret);
  registerInputGuard(app);
  // PATCH of a setting takes a JSON merge patch (RFC 7396), sent as plain JSON or by its own type.
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  const passwords = scryptHasher(deps.config.operators.passwordCost);
  const changes = deps.changes ?? localChanges();
  const rulesets = new RulesetCache(deps.db, changes.fallbackCheckMs);
  const stores = new StoreCache(deps.db);
  // Composed once here and passed in: the programme cache and what commits, returns and
  // merges run, module by module.
  const programme = new ProgrammeCache(deps.db);
  const productFacts = new ProductFactsCache(
    (skus) => loadProductFacts(deps.db, skus),
    changes.fallbackCheckMs,
  );
  const catalogue: CatalogueCaches = {
    forgetAll() {
      forgetCategoryTree(deps.db);
      productFacts.forgetAll();
    },
  };
  const unfollow = followChanges(changes, { rulesets, programme, stores, catalogue }, (error) =>
    app.log.error({ err: error }, 'a cache did not refresh after a change'),
  );
  app.addHook('onClose', async () => unfollow());
  const limiters = deps.limiters ?? memoryLimiters();
  const handlers = composeHandlers(limiters);
  const customerTurns = new KeyedQueue();
  registerCallCounting(app, deps.db, deps.callCounts ?? new CallCounter());
  const calculationLog = registerCalculationLog(app, deps, metrics.registry);
  registerIntegrationLog(app, deps, metrics.registry);
  await app.register(healthRoutes, deps);
  await app.register(accessRoutes, deps);
  await app.register(storeRoutes, { ...deps, stores });
  await app.register(cartRoutes, {
    ...deps,
    rulesets,
    stores,
    programme,
    calculationLog,
    limiters,
    productFacts,
  });
  await app.register(priceRoutes, {
    ...deps,
    rulesets,
    stores,
    programme,
    limiters,
    productFacts,
  });
  await app.register(calculationRoutes, deps);
  await app.register(integrationLogRoutes, deps);
  await app.register(purchaseRoutes, {
    ...deps,
    rulesets,
    stores,
    programme,
    handlers,
    limiters,
    productFacts,
    customerTurns,
  });
  await app.register(mindboxRoutes, {
    ...deps,
    rulesets,
    stores,
    programme,
    handlers,
    limiters,
    productFacts,
    customerTurns,
  });
  await app.register(promotionRoutes, { ...deps, rulesets });
  await app.register(promotionPreviewRoutes, {
    ...deps,
    rulesets,
    stores,
    programme,
    limiters,
    productFacts,
  });
  await app.register(promotionFigureRoutes, deps);
  await app.register(rulesetHistoryRoutes, deps);
  await app.register(watchRoutes, { ...deps, currentWatch: new CurrentWatch(deps.db) });
  await app.register(alertRoutes, deps);
  await app.register(catalogueRoutes, { ...deps, catalogue });
  await app.register(catalogueImportRoutes, { ...deps, catalogue });
  await app.register(historyRoutes, deps);
  await app.register(customerImportRoutes, deps);
  await app.register(analyticsRoutes, deps);
  await app.register(analyticsForecastRoutes, deps);
  await app.register(analyticsUpliftRoutes, deps);
  await app.register(analyticsSimulationRoutes, deps);
  await app.register(communicationRoutes, deps);
  await app.register(customerRoutes, { ...deps, handlers });
  await app.register(pointsRoutes, deps);
  await app.register(walletRoutes, deps);
  await app.register(appleWalletServiceRoutes, deps);
  await app.register(tierRoutes, { ...deps, rulesets });
  await app.register(couponRoutes, { ...deps, limiters });
  await app.register(giftCardRoutes, { ...deps, limiters });
  await app.register(segmentRoutes, deps);
  await app.register(campaignRoutes, deps);
  await app.register(sessionRoutes, { ...deps, passwords });
  await app.register(operatorRoutes, { ...deps, passwords });
  await app.register(mechanicRoutes, deps);
  await app.register(webhookRoutes, deps);
  await app.register(jobRoutes, { ...deps, jobs: deps.jobs ?? composeJobs(deps.config) });
  await app.register(consoleRoutes, { dir: deps.consoleDir ?? defaultConsoleDir });
  return app;
}

export type PerkApp = Awaited<ReturnType<typeof buildApp>>;

/**
 * Counts every answer to an API key (operators in the console are people, not integrations) in
 * memory, and adds the counts to the database every few seconds and when the app closes.
 */
function registerCallCounting(app: PerkApp, db: Db, counts: CallCounter): void {
  // A callback hook, not an async one: every call passes here, and it need not cost a promise.
  app.addHook('onResponse', (request, reply, done) => {
    const actor = request.actor as typeof request.actor | undefined;
    if (actor?.keyId && actor.operatorId === undefined)
      counts.record(actor.keyId, reply.statusCode, Date.now());
    done();
  });
  const flush = () =>
    counts
      .flush(db)
      .catch((error: unknown) =>
        app.log.warn({ err: error }, 'call counts were not written; kept for the next try'),
      );
  const timer = setInterval(flush, callCountFlushMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await flush();
  });
}
