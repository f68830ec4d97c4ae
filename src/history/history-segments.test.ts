import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { segmentIdsFor } from '../segments/memberships.ts';
import { recomputeSegments } from '../segments/recompute-segments.ts';

let server: TestServer;
const customers: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'Tverskaya', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  for (let n = 1; n <= 5; n++) {
    const answer = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: `RFM-${n}` }] },
    });
    customers.push(answer.body.id);
  }
  // Customer n bought n times, the last time n days before 31 May 2024, each check n × 100 ₽.
  const lines = customers.flatMap((_, i) => {
    const n = i + 1;
    return Array.from({ length: n }, (_, k) => ({
      checkId: `R${n}-${k}`,
      at: new Date(Date.UTC(2024, 4, 31 - n - 7 * k, 9)).toISOString(),
      storeId: 'msk',
      customer: { card: `RFM-${n}` },
      sku: 'MILK',
      quantityMilli: 1000,
      priceMinor: n * 10_000,
      paidMinor: n * 10_000,
    }));
  });
  const answer = await server.call('POST', '/v1/history/checks', { body: { lines } });
  expect(answer.body).toMatchObject({ lines: 15, checks: 15, created: 15 });
});
afterAll(() => server.close());

describe('segments over imported history', () => {
  it('a purchase-window segment and RFM scores count imported checks', async () => {
    const created = await server.call('POST', '/v1/segments', {
      body: {
        id: 'regulars',
        name: 'Three checks in 30 days',
        rule: { kind: 'purchaseCount', days: 30, min: 3 },
      },
    });
    expect(created.status).toBe(201);
    const champions = await server.call('POST', '/v1/segments', {
      body: {
        id: 'champions',
        name: 'Frequent',
        rule: { kind: 'rfm', score: 'frequency', min: 4 },
      },
    });
    expect(champions.status).toBe(201);
    const result = await recomputeSegments(server.db, new Date('2024-05-31T12:00:00+03:00'));
    expect(result.rfmScored).toBe(5);
    const scores = await server.db
      .selectFrom('customer_rfm')
      .select(['customer_id', 'recency', 'frequency', 'monetary'])
      .execute();
    const byCustomer = new Map(scores.map((s) => [s.customer_id, s]));
    // Customer n: n checks, n × n × 100 ₽, last bought n days ago: ranks order all three.
    expect(customers.map((id) => byCustomer.get(id))).toEqual(
      customers.map((id, i) => ({
        customer_id: id,
        recency: 5 - i,
        frequency: i + 1,
        monetary: i + 1,
      })),
    );
    // Within 30 days (2 May … 31 May): customer 3 bought on 28, 21, 14 May; customer 4 on
    // 27, 20, 13, 6 May; customer 5 on 26, 19, 12, 5 May and 28 April.
    const members = await Promise.all(customers.map((id) => segmentIdsFor(server.db, id)));
    expect(members).toEqual([
      [],
      [],
      ['regulars'],
      ['champions', 'regulars'],
      ['champions', 'regulars'],
    ]);
  });
});
