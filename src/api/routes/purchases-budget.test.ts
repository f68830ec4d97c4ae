import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('POST', '/v1/promotions', {
    body: {
      id: 'budgeted',
      name: '−150 ₽ on coffee, 10 000 ₽ budget',
      status: 'active',
      stacking: { groupId: 'default', priority: 1, exclusive: false },
      mechanic: {
        kind: 'amount-off',
        scope: { skus: ['COFFEE'] },
        amountMinor: 15_000,
        per: 'line',
      },
      limits: { budgetMinor: 1_000_000 },
    },
  });
});
afterAll(() => server.close());

const check = (i: number) => ({
  storeId: 'msk',
  transactionId: `budget-${i}`,
  lines: [{ lineId: '1', sku: 'COFFEE', unitPriceMinor: 50_000, quantity: 1 }],
});

describe('a promotion budget under concurrent commits', () => {
  it('100 parallel commits of 150 ₽ each against 10 000 ₽: never overspent, every accepted commit honoured', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        server.call('POST', '/v1/purchases', { key: server.keys.pos, body: check(i) }),
      ),
    );
    const accepted = answers.filter((a) => a.status === 201);
    const discounted = accepted.filter((a) => a.body.discountMinor === 15_000);
    const spent = accepted.reduce((sum, a) => sum + a.body.discountMinor, 0);
    expect(spent).toBeLessThanOrEqual(1_000_000);
    // 66 × 150 ₽ = 9 900 ₽ fit; a 67th would pass 10 000 ₽.
    expect(discounted).toHaveLength(66);
    for (const refused of answers.filter((a) => a.status !== 201))
      expect(refused.body.code).toBe('promotion_limit_reached');
    const after = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'msk', lines: check(0).lines },
    });
    expect(after.body.explanations[0]).toMatchObject({
      promotionId: 'budgeted',
      applied: false,
      code: 'budget_exhausted',
    });
  });
});
