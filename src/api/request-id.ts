import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** The header a request id comes in and goes back in. */
export const requestIdHeader = 'x-request-id';

// What a proxy or a caller may hand us to be written into every log line: bounded, visible ASCII
// only, so it cannot forge log lines or carry a payload.
const saneId = /^[\x21-\x7e]{1,128}$/;

/**
 * The id of one request (Fastify's `genReqId`): the caller's `x-request-id` when it is 1..128
 * printable ASCII characters without spaces, so one id follows a call through proxies and
 * services; otherwise a new UUID.
 */
export function requestIdOf(request: IncomingMessage): string {
  const sent = request.headers[requestIdHeader];
  return typeof sent === 'string' && saneId.test(sent) ? sent : randomUUID();
}

/** Every answer, refusals and unknown routes included, names its request in `x-request-id`. */
export function registerRequestId(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });
}
