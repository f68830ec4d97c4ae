import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLocalSecret } from '../cli/local-credential.ts';
import { readConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { buildApp, type PerkApp } from './app.ts';

let database: TestDatabase;
let app: PerkApp;
const secret = newLocalSecret();
beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({
    db: database.db,
    config: { ...readConfig({ PERK_OVERLOAD_DELAY_MS: '0' }), logLevel: 'silent' },
    localSecret: secret,
  });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const call = (key: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload ? { payload } : {}),
  });

describe('the local credential of a server holding an embedded database', () => {
  it('acts as the command line, and is recorded so in the audit log', async () => {
    const created = await call(secret, 'POST', '/v1/keys', { name: 'Till 1', role: 'pos' });
    expect(created.statusCode).toBe(201);
    const audit = await call(secret, 'GET', '/v1/audit?limit=1');
    expect(audit.json().items[0]).toMatchObject({
      action: 'api_key.create',
      actor: { keyId: null, name: 'command line' },
    });
  });

  it('is refused when it differs by a character or is another server’s', async () => {
    const other = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const key of [other, newLocalSecret()]) {
      const answer = await call(key, 'GET', '/v1/keys');
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toMatchObject({ code: 'invalid_api_key' });
    }
  });
});
