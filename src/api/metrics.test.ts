import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../access/actor.ts';
import { createApiKey } from '../access/api-keys.ts';
import { type MetricsConfig, readConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { buildApp, type PerkApp } from './app.ts';

const scrapeKey = 'scrape-key-0123456789';
let database: TestDatabase;
let adminKey: string;
let app: PerkApp | undefined;
beforeAll(async () => {
  database = await createTestDatabase();
  const created = await createApiKey(database.db, commandLineActor, {
    name: 'admin',
    role: 'admin',
  });
  adminKey = created.key;
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(() => database.close());

/** One app a configuration, on one database: the metrics are the app's own. */
async function serve(metrics: MetricsConfig) {
  const config = {
    ...readConfig({ PERK_OVERLOAD_DELAY_MS: '0' }),
    logLevel: 'silent' as const,
    host: '127.0.0.1',
    metrics,
  };
  const built = await buildApp({ db: database.db, config });
  app = built;
  await built.listen({ host: '127.0.0.1', port: 0 });
  const address = built.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const call = async (path: string, key?: string) => {
    const response = await fetch(
      baseUrl + path,
      key ? { headers: { authorization: `Bearer ${key}` } } : {},
    );
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), text };
  };
  return { baseUrl, call };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function scrape(url: string, key?: string) {
  const response = await fetch(url, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  return { status: response.status, text: await response.text() };
}

describe('/metrics', () => {
  it('is not served with neither PERK_METRICS_KEY nor PERK_METRICS_PORT: 404 as any unknown route', async () => {
    const { call } = await serve({ key: undefined, port: undefined });
    for (const key of [undefined, adminKey]) {
      const answer = await call('/metrics', key);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.text).code).toBe('route_not_found');
    }
  });

  it('with PERK_METRICS_KEY answers only a scraper that sends it as a bearer', async () => {
    const { call } = await serve({ key: scrapeKey, port: undefined });
    for (const key of [undefined, 'scrape-key-0123456788', adminKey]) {
      const answer = await call('/metrics', key);
      expect(answer.status).toBe(401);
      expect(answer.type).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(answer.text)).toMatchObject({
        code: 'metrics_key_invalid',
        field: 'Authorization',
      });
    }
    await call('/v1/stores');
    const metrics = await call('/metrics', scrapeKey);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.text).toContain('perk_http_request_duration_seconds_bucket');
    expect(metrics.text).toMatch(/perk_http_problems_total\{code="missing_api_key"\} 1\n/);
    expect(metrics.text).toMatch(/perk_http_problems_total\{code="metrics_key_invalid"\} 3\n/);
  });

  it('with PERK_METRICS_PORT is served on that port alone, and stops with the server', async () => {
    const port = await freePort();
    const { call } = await serve({ key: undefined, port });
    expect((await call('/metrics')).status).toBe(404);
    await call('/v1/stores');
    const metrics = await scrape(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/perk_http_problems_total\{code="missing_api_key"\} 1\n/);
    expect(metrics.text).toMatch(/perk_http_problems_total\{code="route_not_found"\} 1\n/);
    expect((await scrape(`http://127.0.0.1:${port}/v1/stores`)).status).toBe(404);
    await app?.close();
    app = undefined;
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('with both, the separate port asks for the key too', async () => {
    const port = await freePort();
    await serve({ key: scrapeKey, port });
    const url = `http://127.0.0.1:${port}/metrics`;
    expect(await scrape(url)).toMatchObject({ status: 401 });
    expect(await scrape(url, 'scrape-key-0123456788')).toMatchObject({ status: 401 });
    expect(await scrape(url, scrapeKey)).toMatchObject({ status: 200 });
  });

  it('fails the start when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    try {
      await expect(serve({ key: undefined, port: address.port })).rejects.toThrow('EADDRINUSE');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
