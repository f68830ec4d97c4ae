import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureCookie } from '../auth.ts';
import { browserCall, cheapPasswords, logIn, operatorSession } from '../test-operators.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(cheapPasswords);
});
afterAll(() => server.close());

const store = { name: 'Tverskaya 1', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' };

describe('POST /v1/session (login)', () => {
  it('sets an httpOnly, SameSite=Strict cookie for /v1 and answers who is in and what it may do', async () => {
    await operatorSession(server, 'support', 'Svetlana Support');
    const answer = await browserCall(server, 'POST', '/v1/session', {
      body: { email: 'Svetlana.Support@test.perk', password: 'correct horse battery' },
    });
    expect(answer.status).toBe(200);
    const cookie = answer.headers.get('set-cookie') as string;
    expect(cookie).toMatch(
      /^perk_session=[A-Za-z0-9_-]{43}; Path=\/v1; HttpOnly; SameSite=Strict$/,
    );
    expect(answer.body).toMatchObject({
      operator: { email: 'svetlana.support@test.perk', name: 'Svetlana Support', role: 'support' },
      mustChangePassword: false,
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(answer.body.permissions).toEqual([
      'read',
      'customers.read',
      'customers.write',
      'customers.merge',
      'points.adjust',
      'tiers.assign',
      'actions.report',
      'customers.wallet',
      'carts.calculate',
      'calculations.read',
      'integration-log.read',
      'gift-cards.statement',
      'audit.read',
      'session',
    ]);
  });

  it('refuses a wrong password with 401, and locks out after five with 429 and Retry-After', async () => {
    await operatorSession(server, 'analyst', 'Locked Analyst');
    const attempt = () =>
      browserCall(server, 'POST', '/v1/session', {
        body: { email: 'locked.analyst@test.perk', password: 'not the password' },
      });
    const first = await attempt();
    expect(first.status).toBe(401);
    expect(first.contentType).toContain('application/problem+json');
    expect(first.body.code).toBe('invalid_credentials');
    expect(first.headers.get('set-cookie')).toBeNull();
    for (let i = 0; i < 4; i++) await attempt();
    const locked = await browserCall(server, 'POST', '/v1/session', {
      body: { email: 'locked.analyst@test.perk', password: 'correct horse battery' },
    });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'operator_locked', retryAfterSeconds: 900 });
    expect(locked.headers.get('retry-after')).toBe('900');
  });
});

describe('a console session', () => {
  it('reads without a CSRF token, but writes only with the right one', async () => {
    const admin = await operatorSession(server, 'admin', 'Anna Admin');
    expect((await admin.call('GET', '/v1/stores', { csrf: null })).status).toBe(200);
    const missing = await admin.call('PUT', '/v1/stores/csrf-1', { body: store, csrf: null });
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ code: 'csrf_token_invalid', field: 'x-csrf-token' });
    const forged = await admin.call('PUT', '/v1/stores/csrf-1', {
      body: store,
      csrf: 'x'.repeat(43),
    });
    expect(forged.body.code).toBe('csrf_token_invalid');
    expect((await server.call('GET', '/v1/stores/csrf-1')).status).toBe(404);
    expect((await admin.call('PUT', '/v1/stores/csrf-1', { body: store })).status).toBe(201);
  });

  it('takes no CSRF token from another session', async () => {
    const first = await operatorSession(server, 'admin', 'First Admin');
    const second = await operatorSession(server, 'admin', 'Second Admin');
    const crossed = await first.call('PUT', '/v1/stores/csrf-2', {
      body: store,
      csrf: second.csrfToken,
    });
    expect(crossed.status).toBe(403);
  });

  it('leaves API keys as they were: no CSRF token, and the key decides even beside a cookie', async () => {
    const support = await operatorSession(server, 'support', 'Key Beside Cookie');
    const answer = await fetch(`${server.baseUrl}/v1/stores/csrf-3`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${server.keys.admin}`,
        cookie: support.cookie,
        'content-type': 'application/json',
      },
      body: JSON.stringify(store),
    });
    expect(answer.status).toBe(201);
  });

  it('answers GET /v1/session for a session only; a key is refused and no credentials get 401', async () => {
    const analyst = await operatorSession(server, 'analyst', 'Who Am I');
    const me = await analyst.call('GET', '/v1/session');
    expect(me.body).toMatchObject({
      operator: { id: analyst.operatorId, role: 'analyst' },
      csrfToken: analyst.csrfToken,
    });
    expect((await server.call('GET', '/v1/session')).body).toMatchObject({
      status: 403,
      code: 'role_not_allowed',
    });
    const anonymous = await browserCall(server, 'GET', '/v1/session');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'missing_api_key']);
  });

  it('ends at logout on the server: the old cookie is worth nothing', async () => {
    const support = await operatorSession(server, 'support', 'Leaving Support');
    const logout = await support.call('DELETE', '/v1/session');
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/^perk_session=; Max-Age=0; Path=\/v1/);
    const after = await support.call('GET', '/v1/customers');
    expect([after.status, after.body.code]).toEqual([401, 'session_ended']);
  });

  it('refuses a role the route does not allow, as for keys', async () => {
    const analyst = await operatorSession(server, 'analyst', 'Read Only');
    const answer = await analyst.call('PUT', '/v1/stores/csrf-4', { body: store });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      code: 'role_not_allowed',
      role: 'analyst',
      permission: 'stores.write',
      allowedRoles: ['admin'],
    });
  });
});

describe('one-time passwords', () => {
  it('must be replaced before anything but the session routes answers', async () => {
    const admin = await operatorSession(server, 'admin', 'Creating Admin');
    const created = await admin.call('POST', '/v1/operators', {
      body: { email: 'Maria@Shop.ru', name: 'Мария', role: 'marketer' },
    });
    expect(created.status).toBe(201);
    expect(created.body.operator).toMatchObject({
      email: 'maria@shop.ru',
      mustChangePassword: true,
    });
    const password = created.body.oneTimePassword as string;
    const maria = await logIn(server, 'maria@shop.ru', password);
    expect((await maria.call('GET', '/v1/session')).body.mustChangePassword).toBe(true);
    const blocked = await maria.call('GET', '/v1/promotions');
    expect([blocked.status, blocked.body.code]).toEqual([403, 'password_change_required']);
    const changed = await maria.call('POST', '/v1/session/password', {
      body: { currentPassword: password, newPassword: 'масло подсолнечное 1 л' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect((await maria.call('GET', '/v1/promotions')).status).toBe(200);
    expect((await logIn(server, 'maria@shop.ru', 'масло подсолнечное 1 л')).operatorId).toBe(
      created.body.operator.id,
    );
  });

  it('answers a wrong current password at its field', async () => {
    const support = await operatorSession(server, 'support', 'Forgetful');
    const answer = await support.call('POST', '/v1/session/password', {
      body: { currentPassword: 'wrong', newPassword: 'a new long password' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'wrong_password', field: '/currentPassword' });
  });
});

describe('operators API (admins)', () => {
  it('deactivates an operator, whose session ends at once; a reset makes a new one-time password', async () => {
    const admin = await operatorSession(server, 'admin', 'Chief Admin');
    const support = await operatorSession(server, 'support', 'Deactivated Support');
    expect((await support.call('GET', '/v1/customers')).status).toBe(200);
    const off = await admin.call('PATCH', `/v1/operators/${support.operatorId}`, {
      body: { active: false },
    });
    expect(off.body).toMatchObject({ active: false });
    expect((await support.call('GET', '/v1/customers')).status).toBe(401);
    const listed = await admin.call('GET', '/v1/operators');
    expect(listed.body.items.map((o: { email: string }) => o.email)).toContain(
      'deactivated.support@test.perk',
    );
    const reset = await admin.call('POST', `/v1/operators/${support.operatorId}/password`);
    expect(reset.body.oneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  });

  it('refuses a taken e-mail and bad fields, all at once', async () => {
    const admin = await operatorSession(server, 'admin', 'Careful Admin');
    const taken = await admin.call('POST', '/v1/operators', {
      body: { email: 'careful.admin@test.perk', name: 'Copy', role: 'analyst' },
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'operator_email_taken']);
    const bad = await admin.call('POST', '/v1/operators', {
      body: { email: 'nope', name: '', role: 'analyst', password: 'short' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      '/email',
      '/name',
      '/password',
    ]);
  });
});

describe('the audit log', () => {
  it('names the operator of every change made in a session, and filters by actor and time', async () => {
    const customer = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'phone', value: '+79123456789' }] },
    });
    const support = await operatorSession(server, 'support', 'Pavel Support');
    const before = new Date().toISOString();
    const adjusted = await support.call(
      'POST',
      `/v1/customers/${customer.body.id}/points/adjustments`,
      {
        body: { points: 100, reason: 'Извинение за ожидание', operationId: 'audit-op-1' },
      },
    );
    expect(adjusted.status).toBe(201);
    const mine = await support.call('GET', `/v1/audit?actorId=${support.operatorId}`);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        action: 'points.adjust',
        entityType: 'customer',
        entityId: customer.body.id,
        actor: { keyId: null, operatorId: support.operatorId, name: 'Pavel Support' },
      }),
    ]);
    const since = await server.call(
      'GET',
      `/v1/audit?entityType=customer&from=${encodeURIComponent(before)}`,
    );
    expect(since.body.items.map((e: { action: string }) => e.action)).toEqual(['points.adjust']);
    const until = await server.call(
      'GET',
      `/v1/audit?entityType=customer&to=${encodeURIComponent(before)}`,
    );
    expect(until.body.items.map((e: { action: string }) => e.action)).toEqual(['customer.create']);
  });
});

describe('secureCookie', () => {
  it('is Secure when told to, or over HTTPS in auto mode', () => {
    const over = (protocol: string) => ({ protocol }) as FastifyRequest;
    expect(secureCookie(over('http'), 'on')).toBe(true);
    expect(secureCookie(over('https'), 'auto')).toBe(true);
    expect(secureCookie(over('http'), 'auto')).toBe(false);
    expect(secureCookie(over('https'), 'off')).toBe(false);
  });
});
