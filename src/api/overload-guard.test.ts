import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ overload: { maxEventLoopDelayMs: 10, retryAfterSeconds: 7 } });
});
afterAll(() => server.close());

/** Holds the event loop, as a burst of work past capacity does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('overload guard', () => {
  it('answers 503 overloaded with Retry-After past the event-loop delay threshold; probes still answer', async () => {
    // The delay is sampled every 250 ms: hold the loop until a sample sees it.
    let refused: Awaited<ReturnType<TestServer['call']>> | undefined;
    let health: Awaited<ReturnType<TestServer['call']>> | undefined;
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 20 && refused === undefined; attempt++) {
      busy(200);
      await sleep(1);
      const answer = await fetch(`${server.baseUrl}/v1/keys`, {
        headers: { authorization: `Bearer ${server.keys.admin}` },
      });
      if (answer.status === 503) {
        retryAfter = answer.headers.get('retry-after');
        refused = {
          status: answer.status,
          contentType: answer.headers.get('content-type') ?? '',
          etag: null,
          body: await answer.json(),
        };
        health = await server.call('GET', '/health', { key: null });
      } else {
        await answer.body?.cancel();
      }
    }
    expect(refused?.status).toBe(503);
    expect(refused?.contentType).toMatch(/^application\/problem\+json/);
    expect(retryAfter).toBe('7');
    expect(refused?.body).toMatchObject({
      status: 503,
      code: 'overloaded',
      detail: 'The server is past its capacity; try again in 7 s',
      instance: '/v1/keys',
    });
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('lets calls through once the loop is free again', async () => {
    // A loaded test machine may delay the loop by itself for a while: the refusals must end.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      await sleep(300);
      status = (await server.call('GET', '/v1/keys')).status;
    }
    expect(status).toBe(200);
  });
});
