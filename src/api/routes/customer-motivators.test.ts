import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IssuedCard, issueGiftCards } from '../test-purchases.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

// A customer's coupons and gift cards, as the console's customer page reads them.
let server: TestServer;
let anna: string;
let boris: string;
let unbound: string;

async function createCustomer(phone: string): Promise<string> {
  const created = await server.call('POST', '/v1/customers', {
    key: server.keys.pos,
    body: { identifiers: [{ kind: 'phone', value: phone }] },
  });
  return created.body.id as string;
}

async function commit(transactionId: string, customerId: string, body: Record<string, unknown>) {
  const answer = await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId,
      at: '2026-03-02T09:00:00Z',
      customer: { id: customerId },
      ...body,
    },
  });
  if (answer.status !== 201) throw new Error(`commit refused: ${JSON.stringify(answer.body)}`);
  return answer.body as { purchaseId: string };
}

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('POST', '/v1/promotions', {
    body: {
      id: 'coupon-500',
      name: '−500 ₽ by coupon',
      status: 'active',
      couponRequired: true,
      stacking: { groupId: 'default', priority: 1, exclusive: false },
      mechanic: { kind: 'amount-off', scope: {}, amountMinor: 50_000, per: 'cart' },
    },
  });
  for (const id of ['personal', 'welcome']) {
    await server.call('POST', '/v1/coupon-series', {
      body: { id, promotionId: 'coupon-500', name: `Series ${id}`, kind: 'unique', usesPerCode: 1 },
    });
  }
  await server.call('POST', '/v1/coupon-series/welcome/codes', {
    body: { batchId: 'welcome-1', count: 1 },
  });
  const csv = await fetch(`${server.baseUrl}/v1/coupon-series/welcome/codes.csv`, {
    headers: { authorization: `Bearer ${server.keys.admin}` },
  });
  unbound = (await csv.text()).trim().split('\n')[1]?.split(',')[0] as string;
  anna = await createCustomer('+79120000001');
  boris = await createCustomer('+79120000002');
});
afterAll(() => server.close());

describe("a customer's coupons", () => {
  it('lists codes issued to the customer and codes they used, each judged for them now', async () => {
    const issue = async () =>
      (
        await server.call('POST', '/v1/coupon-series/personal/issue', {
          body: { customerId: anna },
        })
      ).body.code as string;
    const spent = await issue();
    const kept = await issue();
    await commit('coupon-1', anna, {
      couponCodes: [spent],
      lines: [{ lineId: '1', sku: 'TV', unitPriceMinor: 300_000, quantity: 1 }],
    });
    await commit('coupon-2', anna, {
      couponCodes: [unbound],
      lines: [{ lineId: '1', sku: 'TV', unitPriceMinor: 300_000, quantity: 1 }],
    });
    const answer = await server.call('GET', `/v1/customers/${anna}/coupons`, {
      key: server.keys.analyst,
    });
    expect(answer.status).toBe(200);
    const byCode = new Map(answer.body.items.map((item: { code: string }) => [item.code, item]));
    expect(answer.body.items).toHaveLength(3);
    expect(byCode.get(kept)).toMatchObject({
      seriesId: 'personal',
      seriesName: 'Series personal',
      promotionId: 'coupon-500',
      bound: true,
      usable: true,
      refusal: null,
      redemptions: [],
    });
    expect(byCode.get(spent)).toMatchObject({
      bound: true,
      usable: false,
      refusal: 'exhausted',
      redemptions: [{ transactionId: 'coupon-1', released: false }],
    });
    expect(byCode.get(unbound)).toMatchObject({
      seriesId: 'welcome',
      bound: false,
      usable: false,
      refusal: 'exhausted',
      redemptions: [{ transactionId: 'coupon-2', redeemedAt: expect.any(String) }],
    });
    // Nobody else's codes: Boris has none.
    const none = await server.call('GET', `/v1/customers/${boris}/coupons`);
    expect(none.body.items).toEqual([]);
  });

  it('answers 404 for an unknown customer', async () => {
    const answer = await server.call(
      'GET',
      '/v1/customers/00000000-0000-4000-8000-000000000000/coupons',
    );
    expect(answer).toMatchObject({ status: 404, body: { code: 'customer_not_found' } });
  });
});

describe("a customer's gift cards", () => {
  it('lists cards bought in their purchases and cards they paid with, with what they spent', async () => {
    const [paying] = (await issueGiftCards(server, 1, 500_000, true)) as [IssuedCard];
    const [sold] = (await issueGiftCards(server, 1, 100_000)) as [IssuedCard];
    const [other] = (await issueGiftCards(server, 1, 200_000, true)) as [IssuedCard];
    const payWith = (card: IssuedCard, amountMinor: number, totalMinor: number) => [
      { kind: 'gift_card', amountMinor, giftCard: card },
      { kind: 'bank_card', amountMinor: totalMinor - amountMinor },
    ];
    await commit('cards-1', anna, {
      lines: [{ lineId: '1', sku: 'KETTLE', unitPriceMinor: 400_000, quantity: 1 }],
      payments: payWith(paying, 300_000, 400_000),
    });
    const sale = await commit('cards-2', anna, {
      lines: [{ lineId: 'card', sku: 'GIFT-CARD', unitPriceMinor: 100_000, quantity: 1 }],
      giftCardsSold: [{ number: sold.number, lineId: 'card' }],
    });
    // Boris spends from Anna's paying card and from a card of his own: neither adds to her list.
    await commit('cards-3', boris, {
      lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 20_000, quantity: 1 }],
      payments: payWith(paying, 20_000, 20_000),
    });
    await commit('cards-4', boris, {
      lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 20_000, quantity: 1 }],
      payments: payWith(other, 20_000, 20_000),
    });
    const answer = await server.call('GET', `/v1/customers/${anna}/gift-cards`, {
      key: server.keys.analyst,
    });
    expect(answer.status).toBe(200);
    const masked = (card: IssuedCard) => `************${card.number.slice(-4)}`;
    expect(answer.body.items).toHaveLength(2);
    const byNumber = new Map(
      answer.body.items.map((item: { maskedNumber: string }) => [item.maskedNumber, item]),
    );
    expect(byNumber.get(masked(paying))).toEqual({
      maskedNumber: masked(paying),
      status: 'active',
      nominalMinor: 500_000,
      balanceMinor: 180_000,
      expiresAt: null,
      expired: false,
      bought: null,
      spentMinor: 300_000,
      lastUsedAt: '2026-03-02T09:00:00.000Z',
    });
    expect(byNumber.get(masked(sold))).toEqual({
      maskedNumber: masked(sold),
      status: 'active',
      nominalMinor: 100_000,
      balanceMinor: 100_000,
      expiresAt: null,
      expired: false,
      bought: {
        purchaseId: sale.purchaseId,
        transactionId: 'cards-2',
        at: '2026-03-02T09:00:00.000Z',
      },
      spentMinor: 0,
      lastUsedAt: null,
    });
    expect(JSON.stringify(answer.body)).not.toContain(paying.number);
    const his = await server.call('GET', `/v1/customers/${boris}/gift-cards`);
    expect(his.body.items.map((item: { spentMinor: number }) => item.spentMinor)).toEqual([
      20_000, 20_000,
    ]);
  });
});
