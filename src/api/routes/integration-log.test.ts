import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../access/actor.ts';
import { createApiKey } from '../../access/api-keys.ts';
import { readConfig } from '../../config.ts';
import { maskCall } from '../../integration-log/integration-call.ts';
import {
  deleteExpiredIntegrationCalls,
  writeIntegrationCalls,
} from '../../integration-log/integration-log-rows.ts';
import { countStatements } from '../../store/statement-counter.ts';
import { createTestDatabase } from '../../store/test-database.ts';
import { buildApp } from '../app.ts';
import { type ConsoleClient, cheapPasswords, operatorSession } from '../test-operators.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

// A till and a web shop call Perk; support reads back what they sent and were answered.
let server: TestServer;
let customerId: string;
let tillKeyId: string;
let support: ConsoleClient;

const lines = [{ lineId: '1', sku: '4607025390015', unitPriceMinor: 10_000, quantity: 1 }];

beforeAll(async () => {
  server = await startTestServer(cheapPasswords);
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  const created = await server.call('POST', '/v1/customers', {
    key: server.keys.web,
    body: { identifiers: [{ kind: 'phone', value: '+79123456789' }] },
  });
  customerId = created.body.id;
  const till = { key: server.keys.pos };
  await server.call('POST', '/v1/carts/calculate', {
    ...till,
    body: { storeId: 'msk', customer: { phone: '8 912 345-67-89' }, lines },
  });
  await server.call('POST', '/v1/purchases', {
    ...till,
    body: { storeId: 'msk', transactionId: 'k3-000187', customer: { id: customerId }, lines },
  });
  const refused = await server.call('POST', '/v1/carts/calculate', {
    ...till,
    body: { storeId: 'msk', lines: [] },
  });
  expect(refused.status).toBe(400);
  // People in the console are not integrations: their calls are not kept.
  support = await operatorSession(server, 'support');
  expect((await support.call('GET', `/v1/customers/${customerId}`)).status).toBe(200);
  const keys = await server.call('GET', '/v1/keys');
  tillKeyId = keys.body.items.find((k: { role: string }) => k.role === 'pos').id;
  await server.app.integrationLog.flush();
});
afterAll(() => server.close());

const search = async (query: string) => {
  const answer = await server.call('GET', `/v1/integration-log?${query}`);
  expect(answer.status).toBe(200);
  return answer.body as { items: Record<string, unknown>[]; nextCursor: string | null };
};
const routes = (items: Record<string, unknown>[]) =>
  items.map((item) => `${item.method} ${item.route} ${item.status}`);

describe('GET /v1/integration-log', () => {
  it('keeps every call made with a key, latest first, but not the admin’s reading of the log', async () => {
    const all = await search('limit=50');
    expect(routes(all.items)).toEqual([
      'GET /v1/keys 200',
      'POST /v1/carts/calculate 400',
      'POST /v1/purchases 201',
      'POST /v1/carts/calculate 200',
      'POST /v1/customers 201',
      'PUT /v1/stores/:id 201',
    ]);
    expect(all.nextCursor).toBeNull();
  });

  it('finds a customer’s calls, the one found by phone too, with the phone masked', async () => {
    const found = await search(`customerId=${customerId}`);
    expect(routes(found.items)).toEqual([
      'POST /v1/purchases 201',
      'POST /v1/carts/calculate 200',
      'POST /v1/customers 201',
    ]);
    for (const item of found.items) {
      // Random ids (customer, purchase) may hold these digits by chance; the phone may not.
      const logged = `${item.request}${item.response}`.replace(uuids, '');
      expect(logged).not.toMatch(/912|345/);
    }
    expect(JSON.parse(found.items[1]?.request as string).customer).toEqual({
      phone: '[redacted]',
    });
  });

  it('filters by transaction, key, status and time, and pages by cursor', async () => {
    const byTransaction = await search('transactionId=k3-000187');
    expect(routes(byTransaction.items)).toEqual(['POST /v1/purchases 201']);
    expect(byTransaction.items[0]).toMatchObject({ keyId: tillKeyId, customerId });
    const byKey = await search(`keyId=${tillKeyId}`);
    expect(byKey.items).toHaveLength(3);
    const failed = await search('status=4xx');
    expect(routes(failed.items)).toEqual(['POST /v1/carts/calculate 400']);
    expect(failed.items[0]?.response).toContain('"status":400');
    expect((await search('status=201')).items).toHaveLength(3);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await search(`from=${encodeURIComponent(later)}`)).items).toEqual([]);
    expect((await search(`to=${encodeURIComponent(later)}`)).items).toHaveLength(6);
    const first = await search('limit=4');
    expect(first.items).toHaveLength(4);
    const rest = await search(`limit=4&cursor=${first.nextCursor}`);
    expect(routes(rest.items)).toEqual(['POST /v1/customers 201', 'PUT /v1/stores/:id 201']);
    expect(rest.nextCursor).toBeNull();
  });

  it('is for admins and support, not tills; a malformed filter is refused whole', async () => {
    const till = await server.call('GET', '/v1/integration-log', { key: server.keys.pos });
    expect(till.status).toBe(403);
    const desk = await support.call('GET', `/v1/integration-log?customerId=${customerId}`);
    expect(desk.status).toBe(200);
    expect(desk.body.items).toHaveLength(3);
    const bad = await server.call('GET', '/v1/integration-log?status=4x&keyId=nope&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      '/keyId',
      '/limit',
      '/status',
    ]);
  });
});

describe('writing the log', () => {
  it('writes many calls in one INSERT, and deletes them after the retention days', async () => {
    const database = await createTestDatabase();
    try {
      const counter = countStatements(database.db);
      const app = await buildApp({
        db: counter.db,
        config: { ...readConfig({}), logLevel: 'silent' },
      });
      const { key } = await createApiKey(database.db, commandLineActor, {
        name: 'shop',
        role: 'web',
      });
      for (let i = 0; i < 5; i++) {
        const answer = await app.inject({
          method: 'GET',
          url: '/v1/stores',
          headers: { authorization: `Bearer ${key}` },
        });
        expect(answer.statusCode).toBe(200);
      }
      counter.reset();
      await app.integrationLog.flush();
      const inserts = counter.statements().filter((s) => s.includes('"integration_log"'));
      expect(inserts).toHaveLength(1);
      await app.close();
      const count = async () =>
        Number(
          (
            await database.db
              .selectFrom('integration_log')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count()).toBe(5);
      // Three more calls, dated ten and six days back.
      const at = (days: number) => new Date(Date.now() - days * 86_400_000);
      const old = (days: number) =>
        maskCall({
          at: at(days),
          requestId: `old-${days}`,
          keyId: '7a1d9e43-2c5f-4b8e-a6d0-91e3f4c2b7a5',
          method: 'GET',
          route: '/v1/stores',
          url: '/v1/stores',
          status: 200,
          latencyUs: 900,
          params: {},
          body: undefined,
          bodyLength: 0,
          response: '[]',
          responseLength: 2,
        });
      await writeIntegrationCalls(database.db, [old(10), old(10), old(6)]);
      expect(await count()).toBe(8);
      expect(await deleteExpiredIntegrationCalls(database.db, new Date(), 7, 1)).toBe(2);
      expect(await count()).toBe(6);
      expect(await deleteExpiredIntegrationCalls(database.db, at(-2), 7)).toBe(1);
      expect(await count()).toBe(5);
    } finally {
      await database.close();
    }
  });
});

const uuids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
