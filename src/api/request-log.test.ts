import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LogLevel, readConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { buildApp } from './app.ts';
import { captureLog } from './test-log.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

/** Which message each request was logged with, at which pino level, for one app at `level`. */
async function requestLines(logLevel: LogLevel) {
  const log = captureLog();
  const app = await buildApp({
    db: database.db,
    config: { ...readConfig({ PERK_OVERLOAD_DELAY_MS: '0' }), logLevel },
    logStream: log,
  });
  try {
    for (const url of ['/health', '/ready', '/v1/stores', '/health?probe=1']) {
      await app.inject({ method: 'GET', url });
    }
  } finally {
    await app.close();
  }
  return log
    .entries()
    .filter((entry) => entry.msg === 'incoming request' || entry.msg === 'request completed')
    .map((entry) => `${entry.level} ${entry.msg} ${entry.req?.url ?? entry.res?.statusCode}`);
}

describe('request log', () => {
  it('leaves health and readiness probes out at info, and logs every other request', async () => {
    expect(await requestLines('info')).toEqual([
      '30 incoming request /v1/stores',
      '30 request completed 401',
    ]);
  });

  it('logs probes at debug', async () => {
    expect(await requestLines('debug')).toEqual([
      '20 incoming request /health',
      '20 request completed 200',
      '20 incoming request /ready',
      '20 request completed 200',
      '30 incoming request /v1/stores',
      '30 request completed 401',
      '20 incoming request /health?probe=[redacted]',
      '20 request completed 200',
    ]);
  });
});
