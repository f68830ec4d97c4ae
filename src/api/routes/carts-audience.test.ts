import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// A promotion for a segment applies once a purchase brings the customer into it: the commit
// keeps the segment's membership current and the next cart reads it.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  const segment = await server.call('POST', '/v1/segments', {
    body: {
      id: 'regulars',
      name: 'Bought this month',
      rule: { kind: 'purchaseCount', days: 30, min: 1 },
    },
  });
  expect(segment.status).toBe(201);
  await server.call('POST', '/v1/promotions', {
    body: {
      id: 'regulars-10',
      name: '−10% for regulars',
      status: 'active',
      audience: { segmentIds: ['regulars'], anonymousAllowed: false },
      stacking: { groupId: 'default', priority: 1, exclusive: false },
      mechanic: { kind: 'percent-off', scope: {}, percentBp: 1000 },
    },
  });
});
afterAll(() => server.close());

const lines = [{ lineId: '1', sku: 'BREAD', unitPriceMinor: 10_000, quantity: 1 }];

describe('a segment audience through the purchase lifecycle', () => {
  it('applies to the customer from the purchase that brings them into the segment', async () => {
    const id = (
      await server.call('POST', '/v1/customers', {
        body: { identifiers: [{ kind: 'card', value: 'REGULAR1' }] },
      })
    ).body.id;
    const cart = () =>
      server.call('POST', '/v1/carts/calculate', {
        key: server.keys.pos,
        body: { storeId: 'msk', customer: { id }, lines },
      });
    const before = await cart();
    expect(before.body.totalMinor).toBe(10_000);
    expect(before.body.explanations[0]).toMatchObject({
      promotionId: 'regulars-10',
      applied: false,
      code: 'not_in_segment',
    });
    await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: { storeId: 'msk', transactionId: 'first', customer: { id }, lines },
    });
    expect((await cart()).body.totalMinor).toBe(9_000);
    const explained = await server.call('GET', `/v1/segments/regulars/explain/${id}`);
    expect(explained.body).toMatchObject({ member: true });
  });
});
