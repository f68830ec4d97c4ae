import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { buildApp, type PerkApp } from './app.ts';
import { Readiness } from './readiness.ts';

let database: TestDatabase;
let app: PerkApp;
const readiness = new Readiness();

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({
    db: database.db,
    config: { ...readConfig({}), logLevel: 'silent' },
    readiness,
  });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('readiness while a first start writes the demo', () => {
  it('answers /health at once, /ready 503 with the reason until the work is done, then 200', async () => {
    let finish: (value: string) => void = () => undefined;
    const work = readiness.during(
      'writing the demo programme',
      new Promise<string>((resolve) => {
        finish = resolve;
      }),
    );
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const waiting = await app.inject({ url: '/ready' });
    expect(waiting.statusCode).toBe(503);
    expect(waiting.json()).toEqual({
      status: 'unavailable',
      detail: 'writing the demo programme',
    });
    finish('demo');
    expect(await work).toBe('demo');
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('is unready from the start when made so, before any work is handed to it', () => {
    expect(new Readiness('writing the demo programme').waitingFor).toBe(
      'writing the demo programme',
    );
    expect(new Readiness().waitingFor).toBeNull();
  });

  it('stays unready when the work fails (the server then stops)', async () => {
    await expect(
      readiness.during('writing the demo programme', Promise.reject(new Error('disk full'))),
    ).rejects.toThrow('disk full');
    const answer = await app.inject({ url: '/ready' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json().detail).toBe('writing the demo programme failed');
  });
});
