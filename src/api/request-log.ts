import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

// Load balancers and orchestrators call these every few seconds; at info they would bury the
// requests people read the log for.
const probes = new Set(['/health', '/ready']);

function isProbe(request: FastifyRequest): boolean {
  return probes.has(request.routeOptions.url ?? '');
}

/**
 * Fastify's request lines ("incoming request", "request completed"), with health and readiness
 * probes at debug instead of info. Errors are logged as Fastify logs them, probes' too.
 */
export class ProbeQuietLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (isProbe(request)) request.log.debug({ req: request }, 'incoming request');
    else super.incomingRequest(request, reply);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error || !isProbe(request)) super.requestCompleted(error, request, reply);
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
