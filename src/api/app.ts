import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { campaignsMergeHook } from '../campaigns/merge-campaigns.ts';
import { calculationLogMergeHook } from '../carts/calculation-log-merge.ts';
import type { PerkConfig } from '../config.ts';
import { couponsMergeHook } from '../coupons/merge-coupons.ts';
import { customerMergeHooks } from '../customers/merge-hooks.ts';
import { scryptHasher } from '../operators/password-hash.ts';
import { RulesetCache } from '../promotions/ruleset-cache.ts';
import { purchasesMergeHook } from '../purchases/merge-purchases.ts';
import { segmentsMergeHook } from '../segments/merge-segments.ts';
import type { Db } from '../store/database.ts';
import { StoreCache } from '../stores/store-cache.ts';
import { tiersMergeHook } from '../tiers/merge-tiers.ts';
import { registerAuth, sessionCookie } from './auth.ts';
import { registerMetrics } from './metrics.ts';
import { sendProblem, toProblem } from './problem.ts';
import { accessRoutes } from './routes/access.ts';
import { calculationRoutes, registerCalculationLog } from './routes/calculations.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { cartRoutes } from './routes/carts.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { couponRoutes } from './routes/coupons.ts';
import { customerRoutes } from './routes/customers.ts';
import { giftCardRoutes } from './routes/gift-cards.ts';
import { healthRoutes } from './routes/health.ts';
import { mechanicRoutes, withMechanicComponents } from './routes/mechanics.ts';
import { operatorRoutes } from './routes/operators.ts';
import { pointsRoutes } from './routes/points.ts';
import { promotionRoutes } from './routes/promotions.ts';
import { purchaseRoutes } from './routes/purchases.ts';
import { segmentRoutes } from './routes/segments.ts';
import { sessionRoutes } from './routes/session.ts';
import { storeRoutes } from './routes/stores.ts';
import { tierRoutes } from './routes/tiers.ts';
import { validatorCompiler } from './validator.ts';

export interface AppDeps {
  db: Db;
  config: PerkConfig;
}

// Each module keeping rows per customer carries them along when two profiles merge.
// Order matters: segments rebuild from the purchases moved just before them.
for (const hook of [
  purchasesMergeHook,
  couponsMergeHook,
  tiersMergeHook,
  segmentsMergeHook,
  campaignsMergeHook,
  calculationLogMergeHook,
]) {
  if (!customerMergeHooks.includes(hook)) customerMergeHooks.push(hook);
}

/** Builds the HTTP application; listening is the caller's business, so tests use `inject` or a port. */
export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    bodyLimit: 10 * 1024 * 1024,
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  const metrics = registerMetrics(app);
  const answerProblem = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const body = toProblem(error, request);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
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

  await app.register(swagger, {
    openapi: {
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
        ? withMechanicComponents(document.openapiObject)
        : document.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await registerAuth(app, deps.db, deps.config.operators);
  const passwords = scryptHasher(deps.config.operators.passwordCost);
  const rulesets = new RulesetCache(deps.db);
  const stores = new StoreCache(deps.db);
  const calculationLog = registerCalculationLog(app, deps, metrics.registry);
  await app.register(healthRoutes, deps);
  await app.register(accessRoutes, deps);
  await app.register(storeRoutes, { ...deps, stores });
  await app.register(cartRoutes, { ...deps, rulesets, stores, calculationLog });
  await app.register(calculationRoutes, deps);
  await app.register(purchaseRoutes, { ...deps, rulesets, stores });
  await app.register(promotionRoutes, { ...deps, rulesets });
  await app.register(catalogueRoutes, deps);
  await app.register(customerRoutes, deps);
  await app.register(pointsRoutes, deps);
  await app.register(tierRoutes, { ...deps, rulesets });
  await app.register(couponRoutes, deps);
  await app.register(giftCardRoutes, deps);
  await app.register(segmentRoutes, deps);
  await app.register(campaignRoutes, deps);
  await app.register(sessionRoutes, { ...deps, passwords });
  await app.register(operatorRoutes, { ...deps, passwords });
  await app.register(mechanicRoutes, deps);
  return app;
}

export type PerkApp = Awaited<ReturnType<typeof buildApp>>;
