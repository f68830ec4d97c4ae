import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// "Double points on cosmetics": a multiplier multiplies the customer's own base accrual rate, so
// the cart must hand the engine that rate (the programme's, or the tier's when it sets one).
let server: TestServer;
let customerId: string;
beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PATCH', '/v1/points/settings', {
    body: { pendingDays: 0, accrualRateBp: 500 },
  });
  await server.call('POST', '/v1/promotions', {
    body: {
      id: 'double',
      name: 'Double points',
      status: 'active',
      stacking: { groupId: 'default', priority: 1, exclusive: false },
      mechanic: { kind: 'extra-points', award: { kind: 'multiplier', multiplierBp: 20_000 } },
    },
  });
  customerId = (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'MULTI-1' }] },
    })
  ).body.id;
});
afterAll(() => server.close());

const calculate = (customer?: object) =>
  server.call('POST', '/v1/carts/calculate', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      ...(customer ? { customer } : {}),
      lines: [{ lineId: '1', sku: 'A', unitPriceMinor: 100_000, quantity: 1 }],
    },
  });

describe('a points multiplier', () => {
  it('doubles the base accrual of an identified customer: 5% of 1 000 ₽ = 50, plus 50', async () => {
    const answer = await calculate({ id: customerId });
    expect(answer.body.bonusPoints).toBe(50);
    expect(answer.body.points.accruedPoints).toBe(100);
  });

  it('has no base to multiply for an anonymous cart', async () => {
    const answer = await calculate();
    expect(answer.body.bonusPoints).toBe(0);
    const explanation = answer.body.explanations.find(
      (e: { promotionId: string }) => e.promotionId === 'double',
    );
    expect(explanation.code).toBe('no_base_accrual');
  });
});
