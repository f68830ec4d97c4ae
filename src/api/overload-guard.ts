import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OverloadConfig } from '../config.ts';
import { PerkError } from '../errors.ts';

// Probes answer whatever the load: an orchestrator restarting a busy node would only make it worse.
const exempt = new Set(['/health', '/ready', '/metrics']);
// How often the event-loop delay is sampled: a node past capacity starts refusing within this.
const sampleMillis = 250;

/**
 * Past capacity a node answers 503 `overloaded` (problem+json) with `Retry-After` at once, instead
 * of queueing calls until every one of them is late: when the event loop's mean delay over the
 * last sample exceeds `maxEventLoopDelayMs`. Probes are always answered.
 */
export async function registerOverloadGuard(
  app: FastifyInstance,
  config: OverloadConfig,
): Promise<void> {
  if (config.maxEventLoopDelayMs === 0) return;
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
      reply.header('retry-after', String(config.retryAfterSeconds));
      throw new PerkError(
        'unavailable',
        'overloaded',
        `The server is past its capacity; try again in ${config.retryAfterSeconds} s`,
      );
    },
  });
}
