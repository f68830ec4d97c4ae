import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// A promo code good twice in all and once per customer: after Anna's use she is told she used
// it; after Boris's, Vera is told it is used up.
let server: TestServer;
let code: string;
const customers: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('POST', '/v1/promotions', {
    body: {
      id: 'promo-500',
      name: '−500 ₽ by promo code',
      status: 'active',
      couponRequired: true,
      stacking: { groupId: 'default', priority: 1, exclusive: false },
      mechanic: { kind: 'amount-off', scope: {}, amountMinor: 50_000, per: 'cart' },
    },
  });
  const series = await server.call('POST', '/v1/coupon-series', {
    body: {
      id: 'twice',
      promotionId: 'promo-500',
      name: 'Twice',
      kind: 'shared',
      prefix: 'SUMMER25',
      totalUses: 2,
      perCustomerUses: 1,
    },
  });
  code = series.body.code;
  for (const name of ['anna', 'boris', 'vera']) {
    customers[name] = (
      await server.call('POST', '/v1/customers', {
        body: { identifiers: [{ kind: 'card', value: `COUPON-${name}` }] },
      })
    ).body.id;
  }
});
afterAll(() => server.close());

let commits = 0;
const lines = [{ lineId: '1', sku: 'TV', unitPriceMinor: 300_000, quantity: 1 }];
const cart = (name: string) => ({
  storeId: 'msk',
  customer: { id: customers[name] },
  couponCodes: [code],
  lines,
});
const calculate = (name: string) =>
  server.call('POST', '/v1/carts/calculate', { key: server.keys.pos, body: cart(name) });
const commit = (name: string, expectedTotalMinor: number) =>
  server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      ...cart(name),
      transactionId: `coupon-${name}-${++commits}`,
      expectedTotalMinor,
    },
  });

const usedByCustomer = () => ({
  reason: 'used_by_customer',
  message: {
    ru: `промокод ${code} не принят: покупатель уже использовал его`,
    en: `coupon ${code} refused: this customer has already used it`,
  },
});
const exhausted = () => ({
  reason: 'exhausted',
  message: {
    ru: `промокод ${code} не принят: исчерпан: использований больше нет`,
    en: `coupon ${code} refused: used up: no uses are left`,
  },
});

describe('a refused promo code says why', () => {
  it('tells a customer who used it from one who finds it used up, in calculate and commit', async () => {
    expect(code).toMatch(/^SUMMER25/);
    const first = await calculate('anna');
    expect(first.body.coupons).toEqual([
      { code, promotionId: 'promo-500', accepted: true, reason: null, message: null },
    ]);
    expect((await commit('anna', 250_000)).status).toBe(201);

    const again = await calculate('anna');
    expect(again.body.totalMinor).toBe(300_000);
    expect(again.body.coupons).toEqual([
      { code, promotionId: 'promo-500', accepted: false, ...usedByCustomer() },
    ]);
    const annaCommit = await commit('anna', 250_000);
    expect(annaCommit.status).toBe(409);
    expect(annaCommit.body).toMatchObject({
      code: 'total_changed',
      totalMinor: 300_000,
      coupons: [{ code, accepted: false, ...usedByCustomer() }],
    });

    expect((await commit('boris', 250_000)).status).toBe(201);
    const vera = await calculate('vera');
    expect(vera.body.coupons).toEqual([
      { code, promotionId: 'promo-500', accepted: false, ...exhausted() },
    ]);
    const veraCommit = await commit('vera', 250_000);
    expect(veraCommit.status).toBe(409);
    expect(veraCommit.body.coupons).toEqual([
      { code, promotionId: 'promo-500', accepted: false, ...exhausted() },
    ]);
  });
});
