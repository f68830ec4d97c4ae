import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OverloadConfig } from '../config.ts';
import { PerkError } from '../errors.ts';
import type { InFlightLimit } from './in-flight-limit.ts';
import type { Metrics } from './metrics.ts';

// Probes answer whatever the load: an orchestrator restarting a busy node would only make it worse.
const exempt = new Set(['/health', '/ready', '/metrics']);
// How often the event-loop delay is sampled: a node past capacity starts refusing within this.
const sampleMillis = 250;

/**
 * Past capacity a node answers 503 `overloaded` (problem+json) with `Retry-After` at once, instead
 * of queueing calls until every one of them is late: when the event loop's mean delay over the
 * last sample exceeds `maxEventLoopDelayMs`, and when a call to `/v1` finds every slot of
 * `limit` taken and its queue full, or waits in that queue for `inFlight.maxWaitMs`. Probes,
 * the API reference and the console's files are always answered.
 */
export async function registerOverloadGuard(
  app: FastifyInstance,
  config: OverloadConfig,
  limit: InFlightLimit | undefined,
  metrics: Pick<Metrics, 'countOverload'>,
): Promise<void> {
  const refuse = (reply: FastifyReply) => {
    reply.header('retry-after', String(config.retryAfterSeconds));
    return new PerkError(
      'unavailable',
      'overloaded',
      `The server is past its capacity; try again in ${config.retryAfterSeconds} s`,
    );
  };
  if (config.maxEventLoopDelayMs > 0) await guardLoopDelay(app, config, metrics, refuse);
  if (limit === undefined) return;
  // Registered after the loop-delay check and before the API key's: a refused call takes no slot
  // and sends nothing to the database.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.url?.startsWith('/v1/')) return;
    const admission = await limit.enter();
    if (admission !== 'entered') {
      metrics.countOverload(admission);
      throw refuse(reply);
    }
    // The caller hung up while waiting: its 'close' has passed, so the slot goes back now (the
    // call itself runs on unheld; its answer goes nowhere).
    if (reply.raw.destroyed) {
      limit.leave();
      return;
    }
    // 'close' follows every answer sent, and a connection lost before one.
    reply.raw.once('close', () => limit.leave());
  });
}

async function guardLoopDelay(
  app: FastifyInstance,
  config: OverloadConfig,
  metrics: Pick<Metrics, 'countOverload'>,
  refuse: (reply: FastifyReply) => PerkError,
): Promise<void> {
  // Building the app (routes, schemas, migrations on PGlite) holds the loop before it serves
  // anything; the first samples would refuse the first calls for that.
  let armedAt = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    armedAt = performance.now() + 2 * sampleMillis;
  });
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    sampleInterval: sampleMillis,
    // A rejected promise goes to the app's error handler as the error; a resolved one lets the
    // call through (the probes).
    pressureHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      if (exempt.has(request.routeOptions.url ?? '') || performance.now() < armedAt) return;
      metrics.countOverload('loop_delay');
      throw refuse(reply);
    },
  });
}
