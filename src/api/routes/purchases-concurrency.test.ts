import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// Real parallel HTTP requests; on PostgreSQL they run on separate connections at once, on the
// embedded database the same requests queue on its single connection.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PATCH', '/v1/points/settings', {
    body: { pendingDays: 0, accrualRateBp: 0, maxRedemptionShareBp: 10_000 },
  });
});
afterAll(() => server.close());

async function customerWith(points: number, card: string): Promise<string> {
  const id = (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: card }] },
    })
  ).body.id;
  await server.call('POST', `/v1/customers/${id}/points/adjustments`, {
    body: { points, reason: 'starting balance', operationId: `start-${card}` },
  });
  return id;
}

const purchase = (customerId: string, transactionId: string) => ({
  storeId: 'msk',
  transactionId,
  customer: { id: customerId },
  redeemPoints: 100,
  lines: [{ lineId: '1', sku: 'ANY', unitPriceMinor: 50_000, quantity: 1 }],
});

describe('concurrent commits', () => {
  it('50 parallel commits each redeeming 100 of 1 000 points: exactly 10 succeed, balance 0', async () => {
    const customerId = await customerWith(1_000, 'RACE1');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        server.call('POST', '/v1/purchases', {
          key: server.keys.pos,
          body: purchase(customerId, `race-${i}`),
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    expect(answers.find((a) => a.status === 409)?.body.code).toBe('redemption_exceeds_balance');
    const balance = (await server.call('GET', `/v1/customers/${customerId}/points`)).body;
    expect(balance).toMatchObject({ active: 0, pending: 0, debt: 0 });
    const purchases = (await server.call('GET', `/v1/customers/${customerId}/purchases?limit=100`))
      .body.items;
    expect(purchases).toHaveLength(10);
    const { checkPointsInvariant } = await import('../../points/points-invariant.ts');
    expect(await checkPointsInvariant(server.db, customerId)).toEqual([]);
  });

  it('50 parallel retries of one commit make one purchase and one answer', async () => {
    const customerId = await customerWith(1_000, 'RACE2');
    const body = purchase(customerId, 'one-check');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        server.call('POST', '/v1/purchases', { key: server.keys.pos, body }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(49);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const purchases = (await server.call('GET', `/v1/customers/${customerId}/purchases`)).body
      .items;
    expect(purchases).toHaveLength(1);
    expect((await server.call('GET', `/v1/customers/${customerId}/points`)).body.active).toBe(900);
  });
});
