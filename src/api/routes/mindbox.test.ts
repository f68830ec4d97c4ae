import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkCall, SdkError, type SdkOptions, sdkCall } from '../../mindbox/php-sdk-client.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
let sdk: SdkOptions;
let customerId: string;

interface Fixture {
  description: string;
  operation: string;
  transactionId?: string;
  request: unknown;
  answer: Record<string, unknown>;
}

/** A recorded request/answer pair; `{customerId}` in it stands for the test customer's id. */
function fixture(name: string): Fixture {
  const text = readFileSync(new URL(`../../mindbox/fixtures/${name}.json`, import.meta.url), 'utf8');
  return JSON.parse(text.replaceAll('{customerId}', customerId)) as Fixture;
}

const call = (operation: string, body: unknown, extra: Partial<SdkCall> = {}) =>
  sdkCall(sdk, { operation, body, ...extra });

beforeAll(async () => {
  server = await startTestServer();
  sdk = { domain: server.baseUrl, endpointId: 'shop.example-Website', secretKey: server.keys.web };
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'web' },
  });
  await server.call('PUT', '/v1/categories', {
    body: { categories: [{ id: 'food', name: 'Food', parentId: null }] },
  });
  await server.call('PUT', '/v1/products', {
    body: { products: ['A', 'B', 'C'].map((sku) => ({ sku, name: sku, categoryId: 'food' })) },
  });
  const promotion = (id: string, name: string, mechanic: object) =>
    server.call('POST', '/v1/promotions', {
      body: {
        id,
        name,
        status: 'active',
        stacking: { groupId: 'default', priority: 0, exclusive: false },
        mechanic,
      },
    });
  await promotion('a-off', 'A −1 ₽', {
    kind: 'amount-off',
    scope: { skus: ['A'] },
    amountMinor: 100,
    per: 'line',
  });
  await promotion('b-10', 'B −10 %', { kind: 'percent-off', scope: { skus: ['B'] }, percentBp: 1000 });
  const created = await server.call('POST', '/v1/customers', {
    body: {
      identifiers: [
        { kind: 'card', value: 'MB0001' },
        { kind: 'phone', value: '+79123456789' },
      ],
    },
  });
  customerId = created.body.id;
  await server.call('POST', `/v1/customers/${customerId}/points/adjustments`, {
    body: { points: 500, reason: 'welcome', operationId: 'mb-welcome' },
  });
});
afterAll(() => server.close());

describe('the recorded pairs', () => {
  it('calculates an authorized order', async () => {
    const pair = fixture('calculate-authorized-order');
    const answer = await call(pair.operation, pair.request);
    console.log(JSON.stringify(answer.body, null, 2));
    expect(answer.body).toEqual(pair.answer);
  });
});
