import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { buildApp, type PerkApp } from './app.ts';
import { type CapturedLog, captureLog } from './test-log.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let database: TestDatabase;
let app: PerkApp;
let log: CapturedLog;
beforeAll(async () => {
  database = await createTestDatabase();
  log = captureLog();
  app = await buildApp({
    db: database.db,
    config: { ...readConfig({ PERK_OVERLOAD_DELAY_MS: '0' }), logLevel: 'debug' },
    logStream: log,
  });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function get(url: string, requestId?: string) {
  const headers = requestId === undefined ? {} : { 'x-request-id': requestId };
  const answer = await app.inject({ method: 'GET', url, headers });
  return { id: answer.headers['x-request-id'], status: answer.statusCode, body: answer.json() };
}

describe('request id', () => {
  it('is generated when none comes in, one a request', async () => {
    const first = await get('/health');
    const second = await get('/health');
    expect(first.id).toMatch(uuid);
    expect(second.id).toMatch(uuid);
    expect(second.id).not.toBe(first.id);
  });

  it('honours a sane x-request-id: up to 128 printable ASCII characters', async () => {
    for (const sent of [
      'trace-1',
      'a'.repeat(128),
      '0af7651916cd43dd8448eb211c80319c',
      '~!#$%&*+/=?^_|',
    ]) {
      expect((await get('/health', sent)).id).toBe(sent);
    }
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['a space', 'trace 1'],
    ['a tab', 'trace\t1'],
    ['not ASCII', 'trac\u00e9'],
  ])('replaces one with %s', async (_, sent) => {
    expect((await get('/health', sent)).id).toMatch(uuid);
  });

  it('is in problem answers, refusals by the auth hook and unknown routes too', async () => {
    const refused = await get('/v1/stores', 'till-7-0042');
    expect(refused).toMatchObject({ id: 'till-7-0042', status: 401 });
    expect(refused.body).toMatchObject({ code: 'missing_api_key', requestId: 'till-7-0042' });
    const unknown = await get('/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.requestId).toBe(unknown.id);
    expect(unknown.id).toMatch(uuid);
  });

  it('is on every log line of its request', async () => {
    await get('/v1/stores?limit=5', 'log-me-1');
    const lines = log.entries().filter((entry) => entry.reqId === 'log-me-1');
    expect(lines.map((entry) => entry.msg)).toEqual(['incoming request', 'request completed']);
    const requestLines = log.entries().filter((entry) => entry.req || entry.res);
    expect(requestLines.length).toBeGreaterThan(20);
    for (const entry of requestLines) expect(entry.reqId).toEqual(expect.any(String));
  });
});
