import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import type { ProductFactsSource } from '../../catalogue/product-facts-cache.ts';
import type { Handlers } from '../../handlers.ts';
import type { MindboxDeps } from '../../mindbox/mindbox-deps.ts';
import { mindboxFailure, protocolError } from '../../mindbox/mindbox-errors.ts';
import { operationKindOf } from '../../mindbox/operation-table.ts';
import { runOperation } from '../../mindbox/run-operation.ts';
import type { ProgrammeCache } from '../../programme/programme-cache.ts';
import type { RulesetCache } from '../../promotions/ruleset-cache.ts';
import type { KeyedQueue } from '../../store/keyed-queue.ts';
import type { StoreCache } from '../../stores/store-cache.ts';
import type { AppDeps } from '../app.ts';
import type { LookupLimiters } from '../lookup-limiters.ts';

const Query = Type.Object({
  endpointId: Type.String({ minLength: 1, maxLength: 200 }),
  operation: Type.String({ minLength: 1, maxLength: 200 }),
  transactionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  deviceUUID: Type.Optional(Type.String({ maxLength: 200 })),
});

/**
 * Mindbox API v3, as the 1C-Bitrix loyalty module and Mindbox's PHP SDK call it (docs/mindbox.md):
 * `POST /v3/operations/{sync,async}?endpointId=…&operation=…`, the key as `Authorization:
 * SecretKey …`. Every answer is Mindbox's, errors included (`ValidationError`, `ProtocolError`),
 * so these routes are left out of the OpenAPI document, whose every refusal is problem+json.
 */
export const mindboxRoutes: FastifyPluginAsyncTypebox<
  AppDeps & {
    rulesets: RulesetCache;
    stores: StoreCache;
    programme: ProgrammeCache;
    handlers: Handlers;
    limiters: LookupLimiters;
    productFacts: ProductFactsSource;
    customerTurns: KeyedQueue;
  }
> = async (app, deps) => {
  const mindbox: MindboxDeps = {
    commit: {
      db: deps.db,
      rulesets: deps.rulesets,
      stores: deps.stores,
      programme: deps.programme,
      handlers: deps.handlers.purchase,
      defaultCountry: deps.config.defaultCountry,
      now: () => new Date(),
      futureToleranceMs: deps.config.futureToleranceSeconds * 1000,
      couponLookups: deps.limiters.couponLookups,
      productFacts: deps.productFacts,
      customerTurns: deps.customerTurns,
    },
    programme: deps.programme,
    handlers: deps.handlers.purchase,
    config: deps.config.mindbox,
  };
  // Errors here, the credentials' included, answer in Mindbox's shapes, not problem+json.
  app.setErrorHandler((error, request, reply) => {
    const failure = mindboxFailure(error, request.id);
    if (failure.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(failure.httpStatus).type('application/json').send(failure.body);
  });
  for (const mode of ['sync', 'async'] as const) {
    app.post(
      `/v3/operations/${mode}`,
      {
        config: { roles: permissions.mindbox },
        schema: { hide: true, querystring: Query, body: Type.Unknown() },
      },
      async (request, reply) => {
        const { operation, transactionId } = request.query;
        const kind = operationKindOf(operation, deps.config.mindbox);
        if (kind === undefined) {
          const failure = protocolError(404, `Unknown operation "${operation}"`, request.id);
          return reply.status(failure.httpStatus).send(failure.body);
        }
        const body = request.body;
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          const failure = protocolError(400, 'The body must be a JSON object', request.id);
          return reply.status(failure.httpStatus).send(failure.body);
        }
        const answer = await runOperation(kind, mindbox, {
          actor: request.actor,
          body: body as Record<string, unknown>,
          transactionId,
        });
        // An asynchronous call is answered as accepted; its result is not the client's to read.
        return mode === 'async' ? { status: answer.status } : answer;
      },
    );
  }
};
