import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OverloadConfig, overloadGuardOff } from '../config.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const scrapeKey = 'scrape-key-0123456789';

/** Holds the event loop, as a burst of work past capacity does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('overload guard: event-loop delay', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      overload: { ...overloadGuardOff, maxEventLoopDelayMs: 10, retryAfterSeconds: 7 },
    });
  });
  afterAll(() => server.close());

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

// Each test starts a server of its own (migrations on PGlite), slow on a loaded machine.
describe('overload guard: calls in flight', { timeout: 120_000 }, () => {
  let server: TestServer | undefined;
  let unlock: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await unlock?.();
    unlock = undefined;
    await server?.close();
    server = undefined;
  });

  async function serve(inFlight: OverloadConfig['inFlight']): Promise<TestServer> {
    server = await startTestServer({
      overload: { ...overloadGuardOff, retryAfterSeconds: 3, inFlight },
      metrics: { key: scrapeKey, port: undefined },
    });
    return server;
  }

  /**
   * Holds the API keys' table in a transaction until `unlock`, so every call that reads it
   * waits while holding its slot: on PostgreSQL for the lock, on the embedded database for its
   * one connection.
   */
  async function holdKeys(on: TestServer): Promise<void> {
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = on.db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE`.execute(trx);
      locked();
      await gate;
    });
    await isLocked;
    unlock = async () => {
      release();
      await held;
    };
  }

  const listKeys = (on: TestServer) =>
    fetch(`${on.baseUrl}/v1/keys`, { headers: { authorization: `Bearer ${on.keys.admin}` } });

  async function scrapeOverload(on: TestServer): Promise<string[]> {
    const answer = await fetch(`${on.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${scrapeKey}` },
    });
    // The values, not their # HELP and # TYPE lines.
    return (await answer.text()).split('\n').filter((line) => line.startsWith('perk_overload_'));
  }

  it('past 3 slots and 2 waiting answers 503 overloaded with Retry-After at once; the rest finish', async () => {
    const on = await serve({ slots: 3, queueLength: 2, maxWaitMs: 30_000 });
    await holdKeys(on);
    const started = performance.now();
    // Which calls are refused depends on the order they reach the server, not on the order sent.
    const answered: Response[] = [];
    const calls = Array.from({ length: 8 }, () =>
      listKeys(on).then((answer) => {
        answered.push(answer);
        return answer;
      }),
    );
    while (answered.length < 3) await sleep(10);
    const refusedAfterMs = performance.now() - started;
    for (const answer of answered) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('3');
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await answer.json()).toMatchObject({
        status: 503,
        code: 'overloaded',
        detail: 'The server is past its capacity; try again in 3 s',
        instance: '/v1/keys',
      });
    }
    // At once: not after the held calls (they wait for the unlock below).
    expect(refusedAfterMs).toBeLessThan(5_000);
    // Probes are outside the limit.
    expect((await on.call('GET', '/health', { key: null })).status).toBe(200);
    expect(await scrapeOverload(on)).toEqual([
      'perk_overload_refused_total{reason="queue_full"} 3',
      'perk_overload_in_flight 3',
      'perk_overload_queued 2',
    ]);
    expect(answered).toHaveLength(3);
    await unlock?.();
    const all = await Promise.all(calls);
    expect(all.map((answer) => answer.status).sort()).toEqual([
      200, 200, 200, 200, 200, 503, 503, 503,
    ]);
    await Promise.all(all.map((answer) => (answer.bodyUsed ? undefined : answer.body?.cancel())));
    // Every slot given back.
    expect(await scrapeOverload(on)).toContain('perk_overload_in_flight 0');
    expect(await scrapeOverload(on)).toContain('perk_overload_queued 0');
  });

  it('refuses a call that waited 200 ms for a slot, and only then', async () => {
    const on = await serve({ slots: 1, queueLength: 1, maxWaitMs: 200 });
    await holdKeys(on);
    const first = listKeys(on);
    // The first has its slot before the second asks.
    while (!(await scrapeOverload(on)).includes('perk_overload_in_flight 1'));
    const started = performance.now();
    const second = await listKeys(on);
    expect(performance.now() - started).toBeGreaterThanOrEqual(199);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('3');
    await second.body?.cancel();
    expect(await scrapeOverload(on)).toContain(
      'perk_overload_refused_total{reason="waited_too_long"} 1',
    );
    await unlock?.();
    const answer = await first;
    expect(answer.status).toBe(200);
    await answer.body?.cancel();
  });

  it('within 3 slots and 2 waiting no call is refused', async () => {
    const on = await serve({ slots: 3, queueLength: 2, maxWaitMs: 30_000 });
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(Array.from({ length: 5 }, () => listKeys(on)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      await Promise.all(answers.map((answer) => answer.body?.cancel()));
    }
    expect(await scrapeOverload(on)).not.toContain(
      expect.stringMatching(/^perk_overload_refused_total\{/),
    );
  });
});
