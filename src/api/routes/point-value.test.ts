import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// The point value has one source, the points settings: accrual, redemption and the promotions'
// bonus points all follow it.
let server: TestServer;
let customerId: string;
beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PATCH', '/v1/points/settings', {
    body: { pendingDays: 0, accrualRateBp: 300, maxRedemptionShareBp: 2_000 },
  });
  await server.call('POST', '/v1/promotions', {
    body: {
      id: 'five-back',
      name: '5% back in points',
      status: 'active',
      stacking: { groupId: 'default', priority: 1, exclusive: false },
      mechanic: { kind: 'extra-points', award: { kind: 'percent', percentBp: 500 } },
    },
  });
  customerId = (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'VALUE-1' }] },
    })
  ).body.id;
  await server.call('POST', `/v1/customers/${customerId}/points/adjustments`, {
    body: { points: 10_000, reason: 'start', operationId: 'value-start' },
  });
});
afterAll(() => server.close());

const calculate = () =>
  server.call('POST', '/v1/carts/calculate', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      customer: { id: customerId },
      lines: [{ lineId: '1', sku: 'A', unitPriceMinor: 100_000, quantity: 1 }],
    },
  });

describe('the point value', () => {
  it('values accrual, redemption and bonus points from the points settings alone', async () => {
    // 1 point = 1 ₽: 5% of 1 000 ₽ = 50 bonus, 3% = 30 accrued; 20% of the check = 200 points.
    const rouble = await calculate();
    expect(rouble.body.bonusPoints).toBe(50);
    expect(rouble.body.points).toMatchObject({
      accruedPoints: 80,
      maxRedeemablePoints: 200,
      maxRedeemableMoneyMinor: 20_000,
    });
    await server.call('PATCH', '/v1/points/settings', { body: { pointValueMinor: 50 } });
    // 1 point = 0,50 ₽: every count in points doubles, the money stays.
    const half = await calculate();
    expect(half.body.bonusPoints).toBe(100);
    expect(half.body.points).toMatchObject({
      accruedPoints: 160,
      maxRedeemablePoints: 400,
      maxRedeemableMoneyMinor: 20_000,
    });
  });

  it('is no ruleset setting', async () => {
    const ruleset = await server.call('GET', '/v1/ruleset/settings');
    expect(ruleset.body.settings).not.toHaveProperty('pointValueMinor');
    const refused = await server.call('PATCH', '/v1/ruleset/settings', {
      body: { pointValueMinor: 100 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('/pointValueMinor');
  });
});
