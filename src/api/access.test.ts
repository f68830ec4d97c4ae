import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const store = { name: 'Tverskaya 1', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' };

describe('authentication and roles', () => {
  it('answers 401 problem+json without a key', async () => {
    const answer = await server.call('GET', '/v1/stores', { key: null });
    expect(answer.status).toBe(401);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({
      status: 401,
      code: 'missing_api_key',
      field: 'Authorization',
    });
  });

  it('answers 401 for an unknown or malformed key', async () => {
    const malformed = await server.call('GET', '/v1/stores', { key: 'not-a-key' });
    expect(malformed.body.code).toBe('invalid_api_key');
    const forged = `${server.keys.pos.slice(0, -4)}AAAA`;
    expect((await server.call('GET', '/v1/stores', { key: forged })).status).toBe(401);
  });

  it('answers 403 for a role the route does not allow, and changes nothing', async () => {
    const answer = await server.call('PUT', '/v1/stores/s1', { key: server.keys.pos, body: store });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'role_not_allowed', role: 'pos' });
    expect((await server.call('GET', '/v1/stores/s1')).status).toBe(404);
  });

  it('lets every role read and only admin write', async () => {
    expect((await server.call('PUT', '/v1/stores/s1', { body: store })).status).toBe(201);
    for (const role of ['pos', 'web', 'admin', 'analyst'] as const) {
      expect((await server.call('GET', '/v1/stores/s1', { key: server.keys[role] })).status).toBe(
        200,
      );
    }
  });

  it('creates a key through the API that works at once, and a revoked key stops working', async () => {
    const created = await server.call('POST', '/v1/keys', {
      body: { name: 'Till 7', role: 'pos' },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^perk_[0-9a-f]{12}_/);
    expect((await server.call('GET', '/v1/stores', { key: created.body.key })).status).toBe(200);
    const listed = await server.call('GET', '/v1/keys');
    // The secret is everything after `perk_<prefix>_`; it may itself contain underscores.
    const secret = /^perk_[0-9a-f]{12}_(.+)$/.exec(created.body.key)?.[1] as string;
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const other = await server.call('POST', '/v1/keys', { body: { name: 'Till 8', role: 'pos' } });
    // Used first, so the node has it verified in memory when it is revoked.
    expect((await server.call('GET', '/v1/stores', { key: other.body.key })).status).toBe(200);
    await server.call('DELETE', `/v1/keys/${other.body.apiKey.id}`);
    expect((await server.call('GET', '/v1/stores', { key: other.body.key })).status).toBe(401);
  });
});

describe('stores and the audit log', () => {
  it('refuses an unknown time zone with the field at fault', async () => {
    const answer = await server.call('PUT', '/v1/stores/s2', {
      body: { ...store, timeZone: 'Mars/Olympus' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'unknown_time_zone', field: '/timeZone' });
  });

  it('records who changed a store, with before and after', async () => {
    await server.call('PUT', '/v1/stores/s3', { body: store });
    await server.call('PUT', '/v1/stores/s3', { body: store });
    await server.call('PUT', '/v1/stores/s3', {
      body: { ...store, timeZone: 'Asia/Yekaterinburg' },
    });
    const audit = await server.call('GET', '/v1/audit?entityType=store&entityId=s3');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'store.update',
      'store.create',
    ]);
    expect(audit.body.items[0]).toMatchObject({
      actor: { name: 'test admin' },
      before: { timeZone: 'Europe/Moscow' },
      after: { timeZone: 'Asia/Yekaterinburg' },
    });
  });
});

describe('problem+json for malformed input', () => {
  it('refuses unknown fields instead of ignoring them', async () => {
    const answer = await server.call('PUT', '/v1/stores/s4', { body: { ...store, colour: 'red' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'unknown_field', field: '/colour' });
  });

  it('refuses wrong types and reports every bad field at once', async () => {
    const answer = await server.call('PUT', '/v1/stores/s4', {
      body: { name: 5, region: 'X', channel: 'fax' },
    });
    expect(answer.body.code).toBe('validation_failed');
    const fields = answer.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/name', '/timeZone', '/channel']));
    expect((await server.call('GET', '/v1/stores/s4')).status).toBe(404);
  });

  it('refuses a body that is not JSON', async () => {
    const answer = await server.call('PUT', '/v1/stores/s4', { rawBody: '{"name": ' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('malformed_json');
  });

  it('answers unknown routes with problem+json', async () => {
    const answer = await server.call('GET', '/v1/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('route_not_found');
  });

  it('serves health, readiness and the OpenAPI document without a key', async () => {
    expect((await server.call('GET', '/health', { key: null })).body).toEqual({ status: 'ok' });
    expect((await server.call('GET', '/ready', { key: null })).body).toEqual({ status: 'ready' });
    const openapi = await server.call('GET', '/docs/json', { key: null });
    expect(openapi.body.paths['/v1/stores/{id}']).toBeDefined();
  });
});
