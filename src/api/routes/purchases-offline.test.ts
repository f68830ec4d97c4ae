import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
let customerId: string;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PATCH', '/v1/points/settings', {
    body: { pendingDays: 0, accrualRateBp: 1000 },
  });
  customerId = (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'OFFLINE1' }] },
    })
  ).body.id;
});
afterAll(() => server.close());

const check = (transactionId: string, at: string, extra: object = {}) => ({
  storeId: 'msk',
  transactionId,
  at,
  customer: { card: 'OFFLINE1' },
  lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 10_000, quantity: 1 }],
  ...extra,
});

describe('offline checks', () => {
  it('prices each check by the rules in force at its own time, in time order, exactly once', async () => {
    const created = await server.call('POST', '/v1/promotions', {
      body: {
        id: 'tea-20',
        name: 'Tea −20%',
        status: 'active',
        stacking: { groupId: 'default', priority: 1, exclusive: false },
        mechanic: { kind: 'percent-off', scope: { skus: ['TEA'] }, percentBp: 2000 },
      },
    });
    const activatedAt = Date.parse(created.body.createdAt);
    const before = new Date(activatedAt - 60_000).toISOString();
    const after = new Date(activatedAt + 500).toISOString();
    // Offline checks come from the past: let `after` pass.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const upload = {
      checks: [
        check('late', after),
        check('early', before),
        check('greedy', after, { redeemPoints: 5 }),
      ],
    };
    const answer = await server.call('POST', '/v1/purchases/offline', {
      key: server.keys.pos,
      body: upload,
    });
    expect(answer.status).toBe(200);
    expect(
      answer.body.results.map((r: { transactionId: string; status: string }) => [
        r.transactionId,
        r.status,
      ]),
    ).toEqual([
      ['early', 'committed'],
      ['late', 'committed'],
      ['greedy', 'refused'],
    ]);
    expect(answer.body.results[2].problem.code).toBe('offline_redemption_not_allowed');
    const [early, late] = await Promise.all(
      answer.body.results
        .slice(0, 2)
        .map(
          async (r: { purchaseId: string }) =>
            (await server.call('GET', `/v1/purchases/${r.purchaseId}`)).body,
        ),
    );
    // Before the promotion existed the tea cost 100 ₽; after, 80 ₽ — and 10% accrual follows.
    expect([early.totalMinor, early.accruedPoints, early.offline]).toEqual([10_000, 10, true]);
    expect([late.totalMinor, late.accruedPoints]).toEqual([8_000, 8]);

    const again = await server.call('POST', '/v1/purchases/offline', {
      key: server.keys.pos,
      body: upload,
    });
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual([
      'already_committed',
      'already_committed',
      'refused',
    ]);
    const history = await server.call('GET', `/v1/customers/${customerId}/purchases?limit=1`);
    expect(history.body.items.map((p: { transactionId: string }) => p.transactionId)).toEqual([
      'late',
    ]);
    const next = await server.call(
      'GET',
      `/v1/customers/${customerId}/purchases?limit=1&before=${history.body.nextBefore}`,
    );
    expect(next.body.items.map((p: { transactionId: string }) => p.transactionId)).toEqual([
      'early',
    ]);
    expect((await server.call('GET', `/v1/customers/${customerId}/points`)).body.active).toBe(18);
  });
});
