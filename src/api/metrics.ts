import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsConfig } from '../config.ts';
import { PerkError } from '../errors.ts';
import type { Admission } from './in-flight-limit.ts';

/** Why a call was refused for overload: the event loop's delay, or no slot for it in time. */
export type OverloadReason = 'loop_delay' | Exclude<Admission, 'entered'>;

/** What the overload metrics read of the in-flight limit when scraped. */
export interface InFlightCounts {
  readonly inFlight: number;
  readonly queued: number;
}

/** The app's metrics as the rest of the app feeds them. */
export interface Metrics {
  registry: Registry;
  countProblem(code: string): void;
  countOverload(reason: OverloadReason): void;
}

/**
 * Prometheus metrics: process defaults plus request latency by route and status, refusals by
 * problem code, and the overload guard's calls in flight, waiting and refused (`inFlight`: the
 * limit's counts, when there is a limit). They tell how busy the chain is, so they are not public: with `config.port` they
 * are served at `/metrics` on that port alone (on the API's `host`, from when the app is ready), with
 * `config.key` a scraper must send it as a bearer (on either port), and with neither they are not
 * served at all (`/metrics` answers 404 like any unknown route).
 */
export function registerMetrics(
  app: FastifyInstance,
  config: MetricsConfig & { host: string },
  inFlight: InFlightCounts | undefined,
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'perk_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const problems = new Counter({
    name: 'perk_http_problems_total',
    help: 'Refused requests by problem code',
    labelNames: ['code'],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'perk_overload_refused_total',
    help: 'Calls refused with 503 overloaded, by reason: loop_delay, queue_full, waited_too_long',
    labelNames: ['reason'],
    registers: [registry],
  });
  if (inFlight) {
    new Gauge({
      name: 'perk_overload_in_flight',
      help: 'Calls to /v1 holding a slot of the in-flight limit',
      registers: [registry],
      collect() {
        this.set(inFlight.inFlight);
      },
    });
    new Gauge({
      name: 'perk_overload_queued',
      help: 'Calls to /v1 waiting for a slot of the in-flight limit',
      registers: [registry],
      collect() {
        this.set(inFlight.queued);
      },
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    duration.observe(
      { method: request.method, route, status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  const allowed = scraperCheck(config.key);
  if (config.port !== undefined) {
    serveOnOwnPort(app, registry, { port: config.port, host: config.host }, allowed);
  } else if (config.key !== undefined) {
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (!allowed(request.headers))
        throw new PerkError(
          'unauthorized',
          'metrics_key_invalid',
          'Send PERK_METRICS_KEY as "Authorization: Bearer <key>"',
          { field: 'Authorization' },
        );
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  }
  return {
    registry,
    countProblem: (code) => problems.inc({ code }),
    countOverload: (reason) => refusals.inc({ reason }),
  };
}

/** Whether a scrape's headers carry the key; compared in constant time, as digests of one length. */
function scraperCheck(key: string | undefined): (headers: IncomingHttpHeaders) => boolean {
  if (key === undefined) return () => true;
  const expected = digest(key);
  return (headers) => {
    const header = headers.authorization;
    const sent = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    return timingSafeEqual(digest(sent), expected);
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

// A plain listener of its own, so the API's hooks (keys, request logs) don't apply to scrapes
// and a firewall can open the port to the monitoring network alone.
function serveOnOwnPort(
  app: FastifyInstance,
  registry: Registry,
  where: { port: number; host: string },
  allowed: (headers: IncomingHttpHeaders) => boolean,
): void {
  let server: Server | undefined;
  // At ready, not at listen: a port already taken then fails the start instead of being logged.
  app.addHook('onReady', async () => {
    const listener = createServer((request, response) => {
      const path = request.url?.split('?')[0];
      if (path !== '/metrics' || request.method !== 'GET') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics here\n');
      } else if (!allowed(request.headers)) {
        response
          .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
          .end('Send PERK_METRICS_KEY as "Authorization: Bearer <key>"\n');
      } else {
        registry.metrics().then(
          (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
          (error: unknown) => {
            app.log.error({ err: error }, 'metrics collection failed');
            response.writeHead(500).end();
          },
        );
      }
    });
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(where, resolve);
    });
    server = listener;
  });
  app.addHook('onClose', async () => {
    const listener = server;
    if (listener) await new Promise((resolve) => listener.close(resolve));
  });
}
