import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { type BatchingLog, batchingLog } from '../../carts/calculation-log.ts';
import {
  cleanAnswer,
  type IntegrationCall,
  MAX_MASKED_BODY,
  MAX_STORED_BODY,
  maskCalls,
} from '../../integration-log/integration-call.ts';
import {
  searchIntegrationLog,
  writeIntegrationCalls,
} from '../../integration-log/integration-log-rows.ts';
import type { AppDeps } from '../app.ts';
import { Limit, problemResponses, Uuid } from '../schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where calls made with an API key go; `flush()` it to read back what was just called. */
    integrationLog: BatchingLog<IntegrationCall>;
  }
}

const logPath = '/v1/integration-log';

/**
 * Keeps every call made with an API key (operators in the console are people, not integrations)
 * when PERK_INTEGRATION_LOG is on: the answer is taken as sent (an answer with nothing to mask
 * is known as such from the value the route returned), the call queued when it is over, and
 * masked and written in batches — one multi-row INSERT every 100 ms, or at once when 50 are
 * waiting (against one of up to 200 a second: 0.13–0.30 ms less node CPU a calculation and a
 * lower p99 in five alternated pairs, bench/RESULTS.md; held briefly, fewer calls should outlive
 * V8's young generation). Up to 10 000 wait; beyond that the oldest are dropped, as is a batch
 * the database refuses, counted in `perk_integration_log_dropped_total`. What is queued is
 * written at close. Reading the log is not logged: each page would hold the pages before it.
 */
export function registerIntegrationLog(
  app: FastifyInstance,
  deps: AppDeps,
  registry: Registry,
): BatchingLog<IntegrationCall> {
  const log = deps.config.integrationLog.enabled
    ? batchingIntegrationLog(app, deps, registry)
    : off;
  app.decorate('integrationLog', log);
  if (log === off) return log;
  const answers = new WeakMap<FastifyRequest, unknown>();
  const answered = new WeakMap<FastifyRequest, unknown>();
  // Callback hooks, not async ones: every call passes here, and it need not cost a promise.
  app.addHook('preSerialization', (request, _reply, payload, done) => {
    if (isIntegration(request)) answered.set(request, payload);
    done(null, payload);
  });
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (isIntegration(request)) answers.set(request, payload);
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (isIntegration(request)) {
      const bodyLength = Number(request.headers['content-length'] ?? 0) || 0;
      const answer = answers.get(request);
      const responseLength = typeof answer === 'string' ? answer.length : 0;
      log.record({
        at: new Date(Date.now() - reply.elapsedTime),
        requestId: String(request.id),
        keyId: request.actor.keyId as string,
        method: request.method,
        route: request.routeOptions.url ?? null,
        url: request.url,
        status: reply.statusCode,
        latencyUs: Math.round(reply.elapsedTime * 1000),
        params: request.params,
        // Large bodies are not held while they wait: they would not be kept anyway.
        body: bodyLength > MAX_MASKED_BODY ? undefined : request.body,
        bodyLength,
        response: responseLength > MAX_MASKED_BODY ? undefined : answer,
        cleanAnswer:
          responseLength > MAX_MASKED_BODY ? undefined : cleanAnswer(answered.get(request)),
        responseLength,
      });
    }
    done();
  });
  app.addHook('onClose', () => log.flush());
  return log;
}

const off: BatchingLog<IntegrationCall> = { record: () => {}, flush: async () => {} };

function isIntegration(request: FastifyRequest): boolean {
  const actor = request.actor as typeof request.actor | undefined;
  return Boolean(actor?.keyId) && actor?.operatorId === undefined && !isLogRead(request);
}

function isLogRead(request: FastifyRequest): boolean {
  return request.routeOptions.url === logPath;
}

function batchingIntegrationLog(
  app: FastifyInstance,
  deps: AppDeps,
  registry: Registry,
): BatchingLog<IntegrationCall> {
  const dropped = new Counter({
    name: 'perk_integration_log_dropped_total',
    help: 'Integration calls never logged: the queue overflowed or the write failed',
    labelNames: ['reason'],
    registers: [registry],
  });
  return batchingLog<IntegrationCall>(
    async (calls) => writeIntegrationCalls(deps.db, await maskCalls(calls)),
    {
      everyMs: 100,
      batchSize: 50,
      maxPending: 10_000,
      onDropped: (count, reason) => dropped.inc({ reason }, count),
      onWriteFailed: (error) => app.log.error({ err: error }, 'integration log write failed'),
    },
  );
}

const Status = Type.String({
  pattern: '^[1-5]([0-9]{2}|xx)$',
  description: 'An answer status (404) or a class of them (4xx)',
});

const LoggedCallSchema = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ format: 'date-time', description: 'When the call arrived' }),
    requestId: Type.String(),
    keyId: Type.String(),
    method: Type.String(),
    route: Type.Union([Type.String(), Type.Null()], {
      description: 'The route’s pattern; null when no route answered',
    }),
    url: Type.String({ description: 'Query values and identifying path parts masked' }),
    status: Type.Integer(),
    latencyUs: Type.Integer({ description: 'Microseconds from arrival to the answer sent' }),
    customerId: Type.Union([Type.String(), Type.Null()]),
    transactionId: Type.Union([Type.String(), Type.Null()]),
    request: Type.Union([Type.String(), Type.Null()], {
      description: `The body as JSON text with personal data masked, cut at ${MAX_STORED_BODY} characters`,
    }),
    requestTruncated: Type.Boolean(),
    response: Type.Union([Type.String(), Type.Null()], {
      description: `The answer, masked and cut the same way`,
    }),
    responseTruncated: Type.Boolean(),
  },
  { 'x-perk-component': 'LoggedCall' },
);

export const integrationLogRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    logPath,
    {
      config: { roles: permissions.integrationLogRead },
      schema: {
        tags: ['integration-log'],
        summary: 'Calls made with API keys: request, answer, status, latency, latest first',
        description:
          'Kept while PERK_INTEGRATION_LOG is on, for PERK_INTEGRATION_LOG_DAYS days, written within about a second of the answer. Phones, e-mails, card numbers, PINs, codes and secrets are masked before anything is stored; JSON bodies are cut at 16 384 characters, and others (CSV lists) kept only as their length (requestTruncated, responseTruncated). The customer is the one the call names or was answered about. Every filter given must hold; pass nextCursor back as cursor.',
        querystring: Type.Object(
          {
            customerId: Type.Optional(Uuid),
            transactionId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            keyId: Type.Optional(Uuid),
            status: Type.Optional(Status),
            from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive' })),
            to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive' })),
            limit: Limit,
            cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(LoggedCallSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    (request) => searchIntegrationLog(db, request.query),
  );
};
