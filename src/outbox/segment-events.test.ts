import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitOneLine, returnOneLine } from '../api/test-purchases.ts';
import { startTestServer, type TestServer } from '../api/test-server.ts';

let server: TestServer;
let anna: string;
beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/products', { body: { products: [{ sku: 'A', name: 'A' }] } });
  anna = (
    await server.call('POST', '/v1/customers', {
      body: { city: 'Казань', identifiers: [{ kind: 'card', value: 'SEGMENT-EVENTS-1' }] },
    })
  ).body.id;
});
afterAll(() => server.close());

const segmentEvents = async () =>
  (
    await server.db
      .selectFrom('domain_events')
      .select(['type', 'customer_id', 'payload'])
      .where('type', 'in', ['segment.entered', 'segment.left'])
      .orderBy('seq')
      .execute()
  ).map((row) => [row.type, row.customer_id, row.payload]);

describe('segment.entered and segment.left', () => {
  it('follow a profile change and a purchase with its return', async () => {
    for (const [id, rule] of [
      ['moscow', { kind: 'city', in: ['Москва'] }],
      ['spenders', { kind: 'spend', days: 30, min: 100_000 }],
    ] as const) {
      expect(
        (await server.call('POST', '/v1/segments', { body: { id, name: id, rule } })).status,
      ).toBe(201);
    }
    await server.call('PATCH', `/v1/customers/${anna}`, { body: { city: 'Москва' } });
    await server.call('PATCH', `/v1/customers/${anna}`, { body: { city: 'Казань' } });
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const receipt = await commitOneLine(server, anna, 150_000, at);
    await returnOneLine(server, receipt.purchaseId);
    expect(await segmentEvents()).toEqual([
      ['segment.entered', anna, { segmentId: 'moscow' }],
      ['segment.left', anna, { segmentId: 'moscow' }],
      ['segment.entered', anna, { segmentId: 'spenders' }],
      ['segment.left', anna, { segmentId: 'spenders' }],
    ]);
  });
});
