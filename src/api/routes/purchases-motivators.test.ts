import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
let coupon: string;

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
  await server.call('POST', '/v1/coupon-series', {
    body: {
      id: 'welcome',
      promotionId: 'coupon-500',
      name: 'Welcome',
      kind: 'unique',
      usesPerCode: 1,
    },
  });
  await server.call('POST', '/v1/coupon-series/welcome/codes', {
    body: { batchId: 'welcome-1', count: 1 },
  });
  const csv = await fetch(`${server.baseUrl}/v1/coupon-series/welcome/codes.csv`, {
    headers: { authorization: `Bearer ${server.keys.admin}` },
  });
  coupon = (await csv.text()).trim().split('\n')[1]?.split(',')[0] as string;
});
afterAll(() => server.close());

const lines = [{ lineId: '1', sku: 'TV', unitPriceMinor: 300_000, quantity: 1 }];

describe('coupons and gift cards through the purchase lifecycle', () => {
  it('a coupon used on two tills at once succeeds exactly once', async () => {
    const calculated = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'msk', couponCodes: [coupon], lines },
    });
    expect(calculated.body.totalMinor).toBe(250_000);
    const commit = (transactionId: string) =>
      server.call('POST', '/v1/purchases', {
        key: server.keys.pos,
        body: {
          storeId: 'msk',
          transactionId,
          couponCodes: [coupon],
          expectedTotalMinor: 250_000,
          lines,
        },
      });
    const answers = await Promise.all([commit('till-1'), commit('till-2')]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(['coupon_no_longer_valid', 'total_changed']).toContain(
      answers.find((a) => a.status === 409)?.body.code,
    );
    const again = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'msk', couponCodes: [coupon], lines },
    });
    expect(again.body.coupons[0]).toMatchObject({ accepted: false, reason: 'exhausted' });
  });

  it('a coupon of another store is refused with that reason', async () => {
    await server.call('POST', '/v1/coupon-series', {
      body: {
        id: 'ekb-only',
        promotionId: 'coupon-500',
        name: 'Yekaterinburg',
        kind: 'unique',
        storeIds: ['ekb'],
      },
    });
    await server.call('POST', '/v1/coupon-series/ekb-only/codes', {
      body: { batchId: 'ekb-1', count: 1 },
    });
    const csv = await fetch(`${server.baseUrl}/v1/coupon-series/ekb-only/codes.csv`, {
      headers: { authorization: `Bearer ${server.keys.admin}` },
    });
    const code = (await csv.text()).trim().split('\n')[1]?.split(',')[0] as string;
    const answer = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'msk', couponCodes: [code], lines },
    });
    expect(answer.body.coupons[0]).toMatchObject({
      code,
      accepted: false,
      reason: 'wrong_store',
      promotionId: 'coupon-500',
    });
    expect(answer.body.totalMinor).toBe(300_000);
  });

  it('a mistyped code is caught by its check character', async () => {
    const last = coupon.at(-1) === 'A' ? 'B' : 'A';
    const typo = coupon.slice(0, -1) + last;
    const answer = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'msk', couponCodes: [typo], lines },
    });
    expect(answer.body.coupons[0]).toMatchObject({ accepted: false, reason: 'unknown' });
  });

  it('a gift card pays part of two purchases, then both are returned to it', async () => {
    const issued = await server.call('POST', '/v1/gift-cards', {
      body: { batchId: 'pays-two', count: 1, nominalMinor: 500_000, activate: true },
    });
    const { number, pin } = issued.body.cards[0];
    const pay = (transactionId: string, amountMinor: number) =>
      server.call('POST', '/v1/purchases', {
        key: server.keys.pos,
        body: {
          storeId: 'msk',
          transactionId,
          lines: [{ lineId: '1', sku: 'KETTLE', unitPriceMinor: 400_000, quantity: 1 }],
          payments: [
            { kind: 'gift_card', amountMinor, giftCard: { number, pin } },
            { kind: 'bank_card', amountMinor: 400_000 - amountMinor },
          ],
        },
      });
    const first = await pay('gift-1', 300_000);
    expect(first.body.giftCards).toEqual([
      {
        maskedNumber: expect.stringMatching(/^\*+\d{4}$/),
        chargedMinor: 300_000,
        balanceMinor: 200_000,
      },
    ]);
    const short = await pay('gift-2', 250_000);
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({
      code: 'gift_card_refused',
      reason: 'insufficient',
      balanceMinor: 200_000,
      field: '/payments/0',
    });
    const second = await pay('gift-3', 200_000);
    expect(second.body.giftCards[0].balanceMinor).toBe(0);
    const refund = (purchaseId: string) =>
      server.call('POST', `/v1/purchases/${purchaseId}/cancel`, { key: server.keys.pos, body: {} });
    const back1 = await refund(first.body.purchaseId);
    expect(back1.body).toMatchObject({
      refundMinor: 400_000,
      giftCardRefunds: [{ amountMinor: 300_000, balanceMinor: 300_000 }],
    });
    const back2 = await refund(second.body.purchaseId);
    expect(back2.body.giftCardRefunds).toEqual([
      expect.objectContaining({ amountMinor: 200_000, balanceMinor: 500_000 }),
    ]);
    expect(JSON.stringify(back2.body)).not.toContain(number);
  });

  it('a gift card sold in a cancelled purchase is voided; one spent from keeps its sale', async () => {
    const issued = await server.call('POST', '/v1/gift-cards', {
      body: { batchId: 'sold-then-cancelled', count: 2, nominalMinor: 100_000 },
    });
    const [kept, spent] = issued.body.cards.map((card: { number: string; pin: string }) => ({
      number: card.number,
      pin: card.pin,
    }));
    const sell = (transactionId: string, number: string) =>
      server.call('POST', '/v1/purchases', {
        key: server.keys.pos,
        body: {
          storeId: 'msk',
          transactionId,
          lines: [{ lineId: '1', sku: 'GIFT-CARD-1000', unitPriceMinor: 100_000, quantity: 1 }],
          giftCardsSold: [number],
        },
      });
    const balance = (card: { number: string; pin: string }) =>
      server.call('POST', '/v1/gift-cards/balance', { key: server.keys.pos, body: card });
    const cancel = (purchaseId: string) =>
      server.call('POST', `/v1/purchases/${purchaseId}/cancel`, { key: server.keys.pos, body: {} });

    const first = await sell('sell-void-1', kept.number);
    expect(first.status).toBe(201);
    const cancelled = await cancel(first.body.purchaseId);
    expect(cancelled.status).toBe(201);
    expect((await balance(kept)).body).toMatchObject({ status: 'voided', balanceMinor: 0 });
    const payWithVoided = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: {
        storeId: 'msk',
        transactionId: 'pay-voided',
        lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 10_000, quantity: 1 }],
        payments: [{ kind: 'gift_card', amountMinor: 10_000, giftCard: kept }],
      },
    });
    expect(payWithVoided.body).toMatchObject({ code: 'gift_card_refused', reason: 'voided' });

    const second = await sell('sell-void-2', spent.number);
    const spending = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: {
        storeId: 'msk',
        transactionId: 'spend-sold-card',
        lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 10_000, quantity: 1 }],
        payments: [{ kind: 'gift_card', amountMinor: 10_000, giftCard: spent }],
      },
    });
    const refused = await cancel(second.body.purchaseId);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'gift_card_in_use', balanceMinor: 90_000 });
    expect((await balance(spent)).body).toMatchObject({ status: 'active', balanceMinor: 90_000 });
    // Once the spending is cancelled the card is whole again, and the sale can be cancelled: the
    // refused cancel changed nothing.
    await cancel(spending.body.purchaseId);
    const retried = await cancel(second.body.purchaseId);
    expect(retried.status).toBe(201);
    expect(retried.body.refundMinor).toBe(100_000);
    expect((await balance(spent)).body).toMatchObject({ status: 'voided', balanceMinor: 0 });
  });

  it('after a merge, a once-per-customer promo code counts the uses of both profiles', async () => {
    await server.call('POST', '/v1/promotions', {
      body: {
        id: 'once',
        name: 'Once per customer',
        status: 'active',
        couponRequired: true,
        stacking: { groupId: 'default', priority: 2, exclusive: false },
        mechanic: { kind: 'percent-off', scope: {}, percentBp: 1000 },
        limits: { perCustomerUses: 1 },
      },
    });
    const series = await server.call('POST', '/v1/coupon-series', {
      body: {
        id: 'summer',
        promotionId: 'once',
        name: 'Summer',
        kind: 'shared',
        prefix: 'SUMMER25',
      },
    });
    const code = series.body.code;
    const customer = async (card: string) =>
      (
        await server.call('POST', '/v1/customers', {
          body: { identifiers: [{ kind: 'card', value: card }] },
        })
      ).body.id;
    const [anna, annaToo] = [await customer('MERGE-A1'), await customer('MERGE-A2')];
    const buy = (customerId: string, transactionId: string) =>
      server.call('POST', '/v1/purchases', {
        key: server.keys.pos,
        body: {
          storeId: 'msk',
          transactionId,
          customer: { id: customerId },
          couponCodes: [code],
          lines,
        },
      });
    expect((await buy(annaToo, 'merge-1')).body.discountMinor).toBe(30_000);
    await server.call('POST', `/v1/customers/${anna}/merge`, { body: { mergedId: annaToo } });
    const after = await buy(anna, 'merge-2');
    expect(after.body.discountMinor).toBe(0);
  });
});
