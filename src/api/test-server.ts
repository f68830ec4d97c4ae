import { commandLineActor } from '../access/actor.ts';
import { createApiKey } from '../access/api-keys.ts';
import { overloadGuardOff, type PerkConfig, readConfig } from '../config.ts';
import type { Db } from '../store/database.ts';
import type { Role } from '../store/schema.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { buildApp, type LogDestination, type PerkApp } from './app.ts';

export interface HttpAnswer<T = any> {
  status: number;
  contentType: string;
  /** The ETag header, or null. */
  etag: string | null;
  body: T;
}

export interface TestServer {
  app: PerkApp;
  db: Db;
  database: TestDatabase;
  baseUrl: string;
  keys: Record<Role, string>;
  /** Sends a real HTTP request; `key` defaults to the admin key, `null` sends none. */
  call<T = any>(
    method: string,
    path: string,
    options?: {
      key?: string | null;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    },
  ): Promise<HttpAnswer<T>>;
  close(): Promise<void>;
}

const testFutureToleranceSeconds = 20 * 366 * 86_400;

/**
 * A Perk server on a fresh test database, listening on a random local port, with one key per role;
 * `config` overrides the defaults (to switch on the calculation log, say); the log is silent
 * unless `config.logLevel` and `logStream` say otherwise.
 */
export async function startTestServer(
  config: Partial<PerkConfig> = {},
  logStream?: LogDestination,
): Promise<TestServer> {
  const database = await createTestDatabase();
  const app = await buildApp({
    db: database.db,
    config: {
      ...readConfig({}),
      logLevel: 'silent',
      // Suites replay business days on fixed dates, some after today's; the future guard has
      // its own tests, which set the tolerance they check.
      futureToleranceSeconds: testFutureToleranceSeconds,
      // A loaded test machine would see refusals for overload in any suite; its own test sets it.
      overload: overloadGuardOff,
      ...config,
    },
    logStream,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not bind a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const keys = {} as Record<Role, string>;
  for (const role of ['pos', 'web', 'admin', 'analyst'] as const) {
    keys[role] = (
      await createApiKey(database.db, commandLineActor, { name: `test ${role}`, role })
    ).key;
  }
  const call: TestServer['call'] = async (method, path, options = {}) => {
    const key = options.key === undefined ? keys.admin : options.key;
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, options.headers);
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      etag: response.headers.get('etag'),
      body: text ? JSON.parse(text) : undefined,
    };
  };
  return {
    app,
    db: database.db,
    database,
    baseUrl,
    keys,
    call,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
