import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
let customerId: string;
beforeAll(async () => {
  server = await startTestServer();
  const created = await server.call('POST', '/v1/customers', {
    body: { identifiers: [{ kind: 'card', value: 'PTS00001' }] },
  });
  customerId = created.body.id;
});
afterAll(() => server.close());

const adjust = (body: object, key?: string) =>
  server.call('POST', `/v1/customers/${customerId}/points/adjustments`, {
    body,
    ...(key ? { key } : {}),
  });

describe('points settings', () => {
  it('answers the defaults, then what an administrator changed', async () => {
    const before = await server.call('GET', '/v1/points/settings', { key: server.keys.pos });
    expect(before.body).toMatchObject({ pendingDays: 14, expiry: null, accrualRateBp: 300 });
    const saved = await server.call('PATCH', '/v1/points/settings', {
      body: { pendingDays: 0, expiry: { unit: 'months', count: 12 } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      pendingDays: 0,
      expiry: { unit: 'months', count: 12 },
      accrualRateBp: 300,
    });
  });

  it('refuses a bad time zone with its field, and a till writing settings', async () => {
    const bad = await server.call('PATCH', '/v1/points/settings', {
      body: { timeZone: 'Mars/Olympus' },
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ code: 'unknown_time_zone', field: '/timeZone' });
    const till = await server.call('PATCH', '/v1/points/settings', {
      key: server.keys.pos,
      body: {},
    });
    expect(till.status).toBe(403);
  });
});

describe('adjustments and balance', () => {
  it('credits once per operationId, answering a repeat with the same result', async () => {
    const body = { points: 500, reason: 'ticket 7', operationId: 'adj-api-1' };
    const first = await adjust(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      operationId: 'adj-api-1',
      points: 500,
      balance: { active: 500, pending: 0, debt: 0 },
    });
    const repeat = await adjust(body);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    const other = await adjust({ ...body, points: 499 });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'operation_conflict', field: '/operationId' });
  });

  it('refuses a debit beyond the balance, a zero adjustment and a till adjusting', async () => {
    const debit = await adjust({ points: -501, reason: 'fraud', operationId: 'adj-api-2' });
    expect(debit.status).toBe(409);
    expect(debit.body).toMatchObject({ code: 'insufficient_points', available: 500 });
    const zero = await adjust({ points: 0, reason: 'x', operationId: 'adj-api-3' });
    expect(zero.body).toMatchObject({ code: 'invalid_points', field: '/points' });
    const till = await adjust(
      { points: 5, reason: 'x', operationId: 'adj-api-4' },
      server.keys.pos,
    );
    expect(till.status).toBe(403);
  });

  it('shows balance with what expires soon, lots and entries to every reading role', async () => {
    await adjust({ points: -120, reason: 'correction', operationId: 'adj-api-5' });
    const balance = await server.call('GET', `/v1/customers/${customerId}/points?soonDays=400`, {
      key: server.keys.analyst,
    });
    expect(balance.status).toBe(200);
    expect(balance.body).toMatchObject({ customerId, active: 380, pending: 0, debt: 0 });
    expect(balance.body.expiringSoon).toHaveLength(1);
    expect(balance.body.expiringSoon[0].points).toBe(380);

    const lots = await server.call('GET', `/v1/customers/${customerId}/points/lots`, {
      key: server.keys.web,
    });
    expect(lots.body.items).toMatchObject([
      { source: 'adjustment', amount: 500, remaining: 380, state: 'active' },
    ]);

    const page1 = await server.call('GET', `/v1/customers/${customerId}/points/entries?limit=1`);
    expect(page1.body.items).toMatchObject([
      { kind: 'adjustment', from: 'active', to: 'world', points: 120, reason: 'correction' },
    ]);
    const page2 = await server.call(
      'GET',
      `/v1/customers/${customerId}/points/entries?limit=1&before=${page1.body.nextBefore}`,
    );
    expect(page2.body).toMatchObject({
      items: [{ points: 500, operationId: 'adj-api-1' }],
      nextBefore: null,
    });
  });

  it('answers 404 customer_not_found for an unknown customer', async () => {
    const answer = await server.call('GET', `/v1/customers/${crypto.randomUUID()}/points`);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'customer_not_found' });
  });
});
