import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Route,
  recordWrites,
  render,
  send,
  slotsOf,
  valuesOf,
  writesSince,
} from '../edge-input-harness.ts';
import type { ExampleRequest } from '../edge-input-world.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

// The Mindbox routes are out of the OpenAPI document, so edge-input.test.ts does not reach them:
// the same extreme values here, one field at a time, at each operation that writes. No answer
// may be a 5xx, and a call not answered Success must change nothing.

let server: TestServer;

const route = (operation: string): Route => ({
  key: `POST /v3/operations/sync ${operation}`,
  method: 'POST',
  path: '/v3/operations/sync',
  params: [],
  query: ['endpointId', 'operation', 'transactionId'],
  bodySchema: undefined,
});

const order = {
  customer: { mobilePhone: '+79123456780', discountCard: { ids: { number: 'EDGE1' } } },
  order: {
    ids: { websiteID: 'E-1' },
    area: { ids: { externalId: 'msk' } },
    totalPrice: '250.00',
    deliveryCost: 0,
    coupons: [{ ids: { code: 'EDGE' } }],
    bonusPoints: [{ amount: 0 }],
    lines: [
      {
        lineId: '1',
        quantity: '2.5',
        basePricePerItem: 100,
        minPricePerItem: '1.00',
        product: { ids: { website: 'A' } },
      },
    ],
  },
};

// Operation, transactionId, body: in this order each is accepted as it stands (ChangeStatus
// returns a unit of the order created first).
const examples: [string, string, ExampleRequest][] = [
  ['Website.CreateAuthorizedOrder', 'E-1', { body: order }],
  [
    'Website.SaveOfflineOrder',
    'E-2',
    { body: { ...order, order: { ...order.order, executionDateTimeUtc: '2026-11-01 10:00:00' } } },
  ],
  [
    'Website.ChangeStatus',
    'st-1',
    {
      body: {
        order: {
          ids: { websiteID: 'E-1' },
          lines: [{ lineId: '1', quantity: 1, status: 'Returned' }],
        },
      },
    },
  ],
  [
    'Website.RegisterCustomer',
    'reg-1',
    {
      body: {
        customer: {
          email: 'edge@shop.ru',
          mobilePhone: '+79123456781',
          firstName: 'Ёж',
          birthDate: '1990-02-03',
          ids: { websiteID: 'E-77' },
        },
      },
    },
  ],
  [
    'Website.GetCustomerBalanceHistory',
    'hist-1',
    { body: { customer: { email: 'edge@shop.ru' }, page: { itemsPerPage: 5 } } },
  ],
];

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'web' },
  });
  await server.call('PUT', '/v1/products', { body: { products: [{ sku: 'A', name: 'A' }] } });
  await recordWrites(server.db);
}, 120_000);
afterAll(() => server.close());

const exampleOf = (operation: string, transactionId: string, body: ExampleRequest) => ({
  ...body,
  query: { endpointId: 'edge', operation, transactionId },
});

describe('extreme input at the Mindbox operations', () => {
  it('accepts every example as it stands, so mutations start from a valid request', async () => {
    const answers: [string, unknown][] = [];
    for (const [operation, transactionId, body] of examples) {
      const answer = await send(
        server,
        'POST',
        render(route(operation), exampleOf(operation, transactionId, body), null, ''),
      );
      answers.push([operation, JSON.parse(answer.text).status]);
    }
    expect(answers).toEqual(examples.map(([operation]) => [operation, 'Success']));
  });

  it.each(examples)(
    '%s: no 5xx, and a call not answered Success changes nothing',
    async (operation, transactionId, body) => {
      const example = exampleOf(operation, transactionId, body);
      const target = route(operation);
      const slots = slotsOf(target, example).filter(
        (slot) => !(slot.kind === 'query' && slot.name === 'operation'),
      );
      let last = (await writesSince(server.db, 0)).last;
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...slots)
            .chain((slot) => fc.tuple(fc.constant(slot), fc.constantFrom(...valuesOf(slot)))),
          async ([slot, raw]) => {
            const answer = await send(server, 'POST', render(target, example, slot, raw));
            const written = await writesSince(server.db, last);
            const where = `${operation} ${JSON.stringify(slot)} = ${raw.slice(0, 40)}`;
            expect(answer.status, `${where}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
            const success = answer.status === 200 && JSON.parse(answer.text).status === 'Success';
            if (!success)
              expect(written.tables, `${where}: ${answer.text.slice(0, 300)}`).toEqual([]);
            last = written.last;
          },
        ),
        { numRuns: 40 },
      );
    },
    120_000,
  );
});
