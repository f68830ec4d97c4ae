import { expect } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

/** The period most analytics tests read: November 2026 in Moscow. */
export const november = { from: '2026-11-01T00:00:00+03:00', to: '2026-12-01T00:00:00+03:00' };
const phones = { a: '+79120000001', b: '+79120000002', c: '+79120000003', d: '+79120000004' };

/**
 * A server with known answers: five checks in November, three customers, one of them back from
 * October (see the comments on each check).
 */
export async function startAnalyticsServer(): Promise<TestServer> {
  const server = await startTestServer();
  const store = (id: string, channel: string) =>
    server.call('PUT', `/v1/stores/${id}`, {
      body: { name: id, region: 'Moscow', timeZone: 'Europe/Moscow', channel },
    });
  await store('msk', 'pos');
  await store('web', 'web');
  for (const phone of Object.values(phones)) {
    const created = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'phone', value: phone }] },
    });
    expect(created.status).toBe(201);
  }
  const line = (
    checkId: string,
    at: string,
    storeId: string,
    phone: string | null,
    sku: string,
    quantityMilli: number,
    priceMinor: number,
  ) => ({
    checkId,
    at,
    storeId,
    ...(phone ? { customer: { phone } } : {}),
    sku,
    quantityMilli,
    priceMinor,
    paidMinor: (priceMinor * quantityMilli) / 1000,
  });
  const lines = [
    // A bought in October first: not new in November.
    line('H0', '2026-10-10T12:00:00+03:00', 'msk', phones.a, 'MILK', 1000, 10_000),
    line('H1', '2026-11-02T12:00:00+03:00', 'msk', phones.a, 'MILK', 2000, 10_000),
    line('H2', '2026-11-05T12:00:00+03:00', 'web', phones.a, 'BREAD', 1000, 5_000),
    // Half a kilo of bread by weight: one item, 25.00.
    line('H3', '2026-11-10T12:00:00+03:00', 'msk', phones.b, 'BREAD', 500, 5_000),
    line('H4', '2026-11-11T12:00:00+03:00', 'msk', null, 'MILK', 3000, 10_000),
    // December: outside the period.
    line('H5', '2026-12-02T12:00:00+03:00', 'msk', phones.b, 'MILK', 1000, 10_000),
    // D, in the spring: a second check 36 days after the first, a third 76 days after it.
    line('D1', '2026-01-15T12:00:00+03:00', 'msk', phones.d, 'MILK', 1000, 10_000),
    line('D2', '2026-02-20T12:00:00+03:00', 'msk', phones.d, 'MILK', 1000, 10_000),
    line('D3', '2026-04-01T12:00:00+03:00', 'msk', phones.d, 'BREAD', 1000, 5_000),
  ];
  const imported = await server.call('POST', '/v1/history/checks', { body: { lines } });
  expect(imported.body).toMatchObject({ checks: 9, created: 9 });
  // C's live purchase of two milks, one of them returned: 100.00 of revenue, two items sold.
  const purchase = await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId: 'analytics-1',
      at: '2026-11-20T10:00:00+03:00',
      customer: { phone: phones.c },
      lines: [{ lineId: '1', sku: 'MILK', unitPriceMinor: 10_000, quantity: 2 }],
    },
  });
  expect(purchase.status).toBe(201);
  const returned = await server.call('POST', '/v1/purchases/analytics-1/returns', {
    key: server.keys.pos,
    body: { returnId: 'R-1', lines: [{ lineId: '1', quantity: 1 }] },
  });
  expect(returned.body.refundMinor).toBe(10_000);
  // A cancelled purchase counts nowhere.
  await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId: 'analytics-2',
      at: '2026-11-21T10:00:00+03:00',
      customer: { phone: phones.b },
      lines: [{ lineId: '1', sku: 'MILK', unitPriceMinor: 10_000, quantity: 5 }],
    },
  });
  const cancelled = await server.call('POST', '/v1/purchases/analytics-2/cancel', {
    key: server.keys.pos,
    body: {},
  });
  expect(cancelled.status).toBeLessThan(300);
  return server;
}
