import { commandLineActor } from '../access/actor.ts';
import { readConfig } from '../config.ts';
import { createOperator } from '../operators/operators.ts';
import { scryptHasher } from '../operators/password-hash.ts';
import type { OperatorRole } from '../store/schema.ts';
import type { HttpAnswer, TestServer } from './test-server.ts';

/** Test servers hash new passwords cheaply; the stored cost shows the same code runs. */
export const cheapPasswords = {
  operators: { ...readConfig({}).operators, passwordCost: 10 },
};

export interface ConsoleClient {
  operatorId: string;
  cookie: string;
  csrfToken: string;
  /** A call with the session cookie and, unless `csrf: null`, the CSRF token. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; csrf?: string | null },
  ): Promise<HttpAnswer & { headers: Headers }>;
}

/** Sends a request as a browser would: the cookie it holds, JSON, an optional CSRF header. */
export async function browserCall(
  server: TestServer,
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; csrf?: string | null } = {},
) {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(server.baseUrl + path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    etag: response.headers.get('etag'),
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Logs in through the API and keeps the session cookie and CSRF token for later calls. */
export async function logIn(
  server: TestServer,
  email: string,
  password: string,
): Promise<ConsoleClient> {
  const answer = await browserCall(server, 'POST', '/v1/session', { body: { email, password } });
  if (answer.status !== 200) throw new Error(`login failed: ${JSON.stringify(answer.body)}`);
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const csrfToken = answer.body.csrfToken as string;
  return {
    operatorId: answer.body.operator.id,
    cookie,
    csrfToken,
    call: (method, path, options = {}) =>
      browserCall(server, method, path, {
        cookie,
        body: options.body,
        csrf: options.csrf === undefined ? csrfToken : options.csrf,
      }),
  };
}

/** Creates an operator with a chosen password in the server's database and logs it in. */
export async function operatorSession(
  server: TestServer,
  role: OperatorRole,
  name = `Test ${role}`,
): Promise<ConsoleClient> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@test.perk`;
  const password = 'correct horse battery';
  await createOperator({ db: server.db, passwords: scryptHasher(10) }, commandLineActor, {
    email,
    name,
    role,
    password,
  });
  return logIn(server, email, password);
}
