import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
let anna: string;
let transaction = 0;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/categories', {
    body: { categories: [{ id: 'food', name: 'Food', parentId: null }] },
  });
  await server.call('PUT', '/v1/products', {
    body: { products: ['A', 'B', 'C'].map((sku) => ({ sku, name: sku, categoryId: 'food' })) },
  });
  anna = (
    await server.call('POST', '/v1/customers', {
      body: { firstName: 'Анна', identifiers: [{ kind: 'phone', value: '+79120000001' }] },
    })
  ).body.id;
});
afterAll(() => server.close());

const settings = (overrides: object) =>
  server.call('PATCH', '/v1/points/settings', { body: { pendingDays: 0, ...overrides } });
const credit = (customerId: string, points: number) =>
  server.call('POST', `/v1/customers/${customerId}/points/adjustments`, {
    body: { points, reason: 'test credit', operationId: `credit-${customerId}-${++transaction}` },
  });
const balance = async (customerId: string) =>
  (await server.call('GET', `/v1/customers/${customerId}/points`)).body;
const commit = (body: object, key = server.keys.pos) =>
  server.call('POST', '/v1/purchases', {
    key,
    body: { storeId: 'msk', transactionId: `t-${++transaction}`, ...body },
  });
const line = (lineId: string, sku: string, unitPriceMinor: number, quantity = 1) => ({
  lineId,
  sku,
  unitPriceMinor,
  quantity,
});

describe('commit', () => {
  it("the seed's programme: 3% cashback, points pay up to 20%", async () => {
    await settings({ accrualRateBp: 300, maxRedemptionShareBp: 2000 });
    const preview = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'msk', customer: { id: anna }, lines: [line('1', 'A', 120_000)] },
    });
    expect(preview.body.points).toMatchObject({
      maxRedeemablePoints: 0,
      accruedPoints: 3_600 / 100,
    });
    await credit(anna, 1_000);
    const withBalance = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'msk', customer: { id: anna }, lines: [line('1', 'A', 120_000)] },
    });
    expect(withBalance.body.points).toMatchObject({
      maxRedeemablePoints: 240,
      maxRedeemableMoneyMinor: 24_000,
      accruedPoints: 36,
    });
  });

  it('a 1 200 ₽ check at 10% accrual gives 120 points; at 50% max redemption 600 ₽ is payable by points', async () => {
    await settings({ accrualRateBp: 1000, maxRedemptionShareBp: 5000 });
    const bob = (
      await server.call('POST', '/v1/customers', {
        body: { firstName: 'Bob', identifiers: [{ kind: 'card', value: 'BOB-1' }] },
      })
    ).body.id;
    const first = await commit({ customer: { card: 'BOB-1' }, lines: [line('1', 'A', 120_000)] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      totalMinor: 120_000,
      paidMinor: 120_000,
      accruedPoints: 120,
      balance: { active: 120 },
    });
    await credit(bob, 1_000);
    const preview = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'msk', customer: { card: 'BOB-1' }, lines: [line('1', 'A', 120_000)] },
    });
    expect(preview.body.points).toMatchObject({
      maxRedeemablePoints: 600,
      maxRedeemableMoneyMinor: 60_000,
    });
    const tooMuch = await commit({
      customer: { card: 'BOB-1' },
      redeemPoints: 601,
      lines: [line('1', 'A', 120_000)],
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body).toMatchObject({
      code: 'redemption_exceeds_limit',
      field: '/redeemPoints',
      maxPoints: 600,
    });
    const paidWithPoints = await commit({
      customer: { card: 'BOB-1' },
      redeemPoints: 600,
      lines: [line('1', 'A', 120_000)],
    });
    // Accrual is on the money actually paid: 10% of 600 ₽ is 60 points.
    expect(paidWithPoints.body).toMatchObject({
      redeemedPoints: 600,
      redeemedMoneyMinor: 60_000,
      paidMinor: 60_000,
      accruedPoints: 60,
    });
    expect(paidWithPoints.body.balance.active).toBe(120 + 1_000 - 600 + 60);
    const overdraw = await commit({
      customer: { card: 'BOB-1' },
      redeemPoints: 581,
      lines: [line('1', 'A', 200_000)],
    });
    expect(overdraw.status).toBe(409);
    expect(overdraw.body).toMatchObject({ code: 'redemption_exceeds_balance', maxPoints: 580 });
  });

  it('answers a retried commit with the same receipt and refuses the same id with another body', async () => {
    const body = { storeId: 'msk', transactionId: 'retry-1', lines: [line('1', 'A', 10_000)] };
    const first = await server.call('POST', '/v1/purchases', { key: server.keys.pos, body });
    const again = await server.call('POST', '/v1/purchases', { key: server.keys.pos, body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: { ...body, lines: [line('1', 'A', 10_001)] },
    });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('transaction_conflict');
  });

  it('keeps the calculation trace of every purchase', async () => {
    const committed = await commit({ lines: [line('1', 'A', 10_000)] });
    const trace = await server.call('GET', `/v1/purchases/${committed.body.purchaseId}/trace`);
    expect(trace.body).toMatchObject({
      calculationId: committed.body.calculationId,
      totalMinor: 10_000,
    });
    expect(Array.isArray(trace.body.explanations)).toBe(true);
  });

  it('refuses points for an anonymous cart and payments that do not add up', async () => {
    expect((await commit({ redeemPoints: 10, lines: [line('1', 'A', 10_000)] })).body.code).toBe(
      'customer_required_for_points',
    );
    const mismatch = await commit({
      payments: [{ kind: 'cash', amountMinor: 5_000 }],
      lines: [line('1', 'A', 10_000)],
    });
    expect(mismatch.body).toMatchObject({ code: 'payments_mismatch', paidMinor: 10_000 });
  });
});

describe('accrual exclusions', () => {
  it('excluded products earn no programme rate', async () => {
    await settings({ accrualRateBp: 1000, accrualExclusions: { skus: ['B'] } });
    const erin = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'ERIN' }] },
    });
    const bought = await commit({
      customer: { id: erin.body.id },
      lines: [line('1', 'A', 10_000), line('2', 'B', 10_000)],
    });
    expect(bought.body.lines.map((l: { accruedPoints: number }) => l.accruedPoints)).toEqual([
      10, 0,
    ]);
    await settings({ accrualExclusions: null });
  });
});

describe('returns', () => {
  it('a partial return of one line of three after points were redeemed', async () => {
    await settings({ accrualRateBp: 1000, maxRedemptionShareBp: 5000 });
    const carol = (
      await server.call('POST', '/v1/customers', {
        body: { identifiers: [{ kind: 'card', value: 'CAROL' }] },
      })
    ).body.id;
    await credit(carol, 300);
    const purchase = await commit({
      customer: { id: carol },
      redeemPoints: 300,
      lines: [line('a', 'A', 10_000), line('b', 'B', 20_000), line('c', 'C', 30_000, 2)],
    });
    // 300 points (300 ₽) are split over 100/200/600 ₽ by largest remainder: 33.33/66.67/200.
    expect(purchase.body.lines.map((l: { redeemedPoints: number }) => l.redeemedPoints)).toEqual([
      33, 67, 200,
    ]);
    // Accrual: 10% of (900 − 300) ₽ = 60 points, split by money paid 67/133/400.
    expect(purchase.body.accruedPoints).toBe(60);
    const accruedOnC = purchase.body.lines[2].accruedPoints;
    const returned = await server.call(
      'POST',
      `/v1/purchases/${purchase.body.purchaseId}/returns`,
      {
        key: server.keys.pos,
        body: { returnId: 'r1', lines: [{ lineId: 'c', quantity: 1 }] },
      },
    );
    expect(returned.status).toBe(201);
    expect(returned.body).toMatchObject({
      refundMinor: 20_000,
      giveBackPoints: 100,
      takeBackPoints: accruedOnC / 2,
    });
    const again = await server.call('POST', `/v1/purchases/${purchase.body.purchaseId}/returns`, {
      key: server.keys.pos,
      body: { returnId: 'r1', lines: [{ lineId: 'c', quantity: 1 }] },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(returned.body);
    const tooMany = await server.call('POST', `/v1/purchases/${purchase.body.purchaseId}/returns`, {
      key: server.keys.pos,
      body: { returnId: 'r2', lines: [{ lineId: 'c', quantity: 2 }] },
    });
    expect(tooMany.body).toMatchObject({
      code: 'return_exceeds_purchase',
      field: '/lines/0/quantity',
    });
    const cancelled = await server.call(
      'POST',
      `/v1/purchases/${purchase.body.purchaseId}/cancel`,
      { key: server.keys.pos, body: {} },
    );
    // The rest: 100 + 200 + 200 ₽ of money paid less points, and every point exactly once.
    expect(cancelled.body.giveBackPoints + returned.body.giveBackPoints).toBe(300);
    expect(cancelled.body.takeBackPoints + returned.body.takeBackPoints).toBe(60);
    expect(cancelled.body.refundMinor + returned.body.refundMinor).toBe(60_000);
    expect((await balance(carol)).active).toBe(300);
  });

  it.each([
    ['negative_balance', { active: -100, debt: 100 }, { debtPoints: 100, unrecoverablePoints: 0 }],
    ['deduct_available', { active: 0, debt: 0 }, { debtPoints: 0, unrecoverablePoints: 100 }],
  ])('a return after the accrued points were spent, under %s', async (policy, after, settled) => {
    await settings({
      accrualRateBp: 1000,
      maxRedemptionShareBp: 10_000,
      returnPolicyWhenSpent: policy,
    });
    const dave = (
      await server.call('POST', '/v1/customers', {
        body: { identifiers: [{ kind: 'card', value: `DAVE${policy.charAt(0)}` }] },
      })
    ).body.id;
    const bought = await commit({ customer: { id: dave }, lines: [line('1', 'A', 100_000)] });
    expect(bought.body.accruedPoints).toBe(100);
    await commit({ customer: { id: dave }, redeemPoints: 100, lines: [line('1', 'B', 10_000)] });
    const returned = await server.call('POST', `/v1/purchases/${bought.body.purchaseId}/returns`, {
      key: server.keys.pos,
      body: { returnId: 'r', lines: [{ lineId: '1', quantity: 1 }] },
    });
    // The second purchase was paid wholly by the 100 points and accrued nothing: none are left.
    expect(returned.body).toMatchObject({ takeBackPoints: 100, ...settled });
    expect(await balance(dave)).toMatchObject(after);
  });
});
