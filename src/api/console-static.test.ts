import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleMissing, consoleRoutes } from './console-static.ts';

const dirs: string[] = [];

async function appServing(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'perk-console-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const app = Fastify({ logger: false });
  app.get('/v1/known', async () => ({ ok: true }));
  await app.register(consoleRoutes, { dir });
  return app;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the console served at /', () => {
  it('answers index.html, never cached, for the paths the console routes itself', async () => {
    const app = await appServing({ 'index.html': '<p>console</p>', 'assets/app-1a2b.js': 'x' });
    for (const url of ['/', '/promotions', '/promotions/new?x=1', '/why']) {
      const answer = await app.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.body).toBe('<p>console</p>');
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year, and 404 for an asset or API path that is not there', async () => {
    const app = await appServing({
      'index.html': '<p>console</p>',
      'assets/app-1a2b.js': 'x',
      'assets/app-1a2b.js.br': 'x.br',
    });
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('x');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const compressed = await app.inject({
      method: 'GET',
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.body).toBe('x.br');
    for (const url of ['/assets/gone-9z9z.js', '/v1/unknown', '/docs/nothing', '/v1']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    expect((await app.inject({ method: 'GET', url: '/v1/known' })).json()).toEqual({ ok: true });
  });

  it('says how to build the console when it is not built, and the server runs on', async () => {
    const app = await appServing({});
    const answer = await app.inject({ method: 'GET', url: '/' });
    expect(answer.statusCode).toBe(503);
    expect(answer.body).toBe(consoleMissing);
    expect((await app.inject({ method: 'GET', url: '/v1/known' })).statusCode).toBe(200);
  });
});
