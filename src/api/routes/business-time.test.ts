import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// A till whose clock runs an hour ahead: its live checks are refused, its offline ones each on
// their own while the rest of the upload goes through.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ futureToleranceSeconds: 300 });
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
});
afterAll(() => server.close());

const hourAhead = () => new Date(Date.now() + 3_600_000).toISOString();
const minuteAgo = () => new Date(Date.now() - 60_000).toISOString();
const check = (transactionId: string, at: string) => ({
  storeId: 'msk',
  transactionId,
  at,
  lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 10_000, quantity: 1 }],
});

describe('a business time in the future', () => {
  it('is refused by calculate and commit, which then writes nothing', async () => {
    const at = hourAhead();
    const { transactionId: _, ...cart } = check('x', at);
    const calculated = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: cart,
    });
    expect(calculated.status).toBe(422);
    expect(calculated.body).toMatchObject({
      code: 'business_time_in_future',
      field: '/at',
      toleranceSeconds: 300,
    });
    const committed = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: check('ahead-1', at),
    });
    expect(committed.status).toBe(422);
    expect(committed.body.code).toBe('business_time_in_future');
    const read = await server.call('GET', '/v1/purchases/ahead-1', { key: server.keys.pos });
    expect(read.status).toBe(404);
    const now = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: check('now-1', minuteAgo()),
    });
    expect(now.status).toBe(201);
  });

  it('refuses only that check of an offline upload', async () => {
    const answer = await server.call('POST', '/v1/purchases/offline', {
      key: server.keys.pos,
      body: { checks: [check('off-ahead', hourAhead()), check('off-past', minuteAgo())] },
    });
    expect(answer.status).toBe(200);
    expect(
      answer.body.results.map((r: { transactionId: string; status: string }) => [
        r.transactionId,
        r.status,
      ]),
    ).toEqual([
      ['off-past', 'committed'],
      ['off-ahead', 'refused'],
    ]);
    expect(answer.body.results[1].problem).toMatchObject({
      code: 'business_time_in_future',
      field: '/at',
    });
  });
});
