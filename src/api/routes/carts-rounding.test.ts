import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/categories', {
    body: { categories: [{ id: 'food', name: 'Food', parentId: null }] },
  });
  await server.call('PUT', '/v1/products', {
    body: { products: ['A', 'B'].map((sku) => ({ sku, name: sku, categoryId: 'food' })) },
  });
  await server.call('POST', '/v1/promotions', {
    body: {
      id: 'b-off',
      name: 'B −1 ₽',
      status: 'active',
      stacking: { groupId: 'default', priority: 0, exclusive: false },
      mechanic: { kind: 'amount-off', scope: { skus: ['B'] }, amountMinor: 100, per: 'line' },
    },
  });
});
afterAll(() => server.close());

const line = (lineId: string, sku: string, unitPriceMinor: number) => ({
  lineId,
  sku,
  unitPriceMinor,
  quantity: 1,
});
// 123.45 + (11.10 − 1.00) = 133.55, rounded down to 133.00.
const lines = [line('1', 'A', 12_345), line('2', 'B', 1110)];
const rounding = { ru: 'Округление суммы чека: −0,55 ₽', en: 'Check total rounded down: −₽0.55' };

describe('rounding the check total down', () => {
  it('is a ruleset setting, validated', async () => {
    const current = (await server.call('GET', '/v1/ruleset')).body.settings;
    const bad = await server.call('PUT', '/v1/ruleset/settings', {
      body: { ...current, roundTotalDownToMinor: 20_000 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('/roundTotalDownToMinor');
    const set = await server.call('PUT', '/v1/ruleset/settings', {
      body: { ...current, roundTotalDownToMinor: 100 },
    });
    expect(set.status).toBe(200);
    expect((await server.call('GET', '/v1/ruleset')).body.settings.roundTotalDownToMinor).toBe(100);
  });

  it('shows on the calculated lines and the check, apart from the promotions', async () => {
    const answer = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'msk', lines },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      subtotalMinor: 13_455,
      discountMinor: 155,
      roundingMinor: 55,
      totalMinor: 13_300,
      appliedPromotions: [{ promotionId: 'b-off', discountMinor: 100 }],
      receiptMessages: [{ ru: '«B −1 ₽»: скидка 1 ₽', en: '“B −1 ₽”: ₽1 off' }, rounding],
    });
    expect(answer.body.explanations.map((e: { promotionId: string }) => e.promotionId)).toEqual([
      'b-off',
    ]);
    expect(answer.body.lines).toMatchObject([
      { lineId: '1', unitPriceMinor: 12_294, totalMinor: 12_294, discountMinor: 51 },
      { lineId: '2', unitPriceMinor: 1006, totalMinor: 1006, discountMinor: 104 },
    ]);
    expect(answer.body.lines.map((l: { roundingMinor: number }) => l.roundingMinor)).toEqual([
      51, 4,
    ]);
    expect(answer.body.lines.map((l: { promotions: unknown }) => l.promotions)).toEqual([
      [],
      [{ promotionId: 'b-off', discountMinor: 100 }],
    ]);
  });

  it('is committed as calculated, stored, and refunded as paid', async () => {
    const committed = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: {
        storeId: 'msk',
        transactionId: 'rounded-1',
        lines,
        expectedTotalMinor: 13_300,
        payments: [{ kind: 'cash', amountMinor: 13_300 }],
      },
    });
    expect(committed.status).toBe(201);
    expect(committed.body).toMatchObject({
      discountMinor: 155,
      totalMinor: 13_300,
      roundingMinor: 55,
      paidMinor: 13_300,
      receiptMessages: [expect.anything(), rounding],
    });
    expect(
      committed.body.lines.map((l: Record<string, number>) => [
        l.totalMinor,
        l.discountMinor,
        l.roundingMinor,
        l.paidMinor,
      ]),
    ).toEqual([
      [12_294, 51, 51, 12_294],
      [1006, 104, 4, 1006],
    ]);
    const { purchaseId } = committed.body;
    const stored = await server.db
      .selectFrom('purchases')
      .select(['subtotal_minor', 'discount_minor', 'total_minor', 'paid_minor'])
      .where('id', '=', purchaseId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      subtotal_minor: 13_455,
      discount_minor: 155,
      total_minor: 13_300,
      paid_minor: 13_300,
    });
    const storedLines = await server.db
      .selectFrom('purchase_lines')
      .select(['line_id', 'unit_price_minor', 'total_minor', 'discount_minor', 'paid_minor'])
      .where('purchase_id', '=', purchaseId)
      .orderBy('line_no')
      .execute();
    expect(storedLines).toEqual([
      {
        line_id: '1',
        unit_price_minor: 12_294,
        total_minor: 12_294,
        discount_minor: 51,
        paid_minor: 12_294,
      },
      {
        line_id: '2',
        unit_price_minor: 1006,
        total_minor: 1006,
        discount_minor: 104,
        paid_minor: 1006,
      },
    ]);
    const trace = await server.call('GET', `/v1/purchases/${purchaseId}/trace`);
    expect(trace.body).toMatchObject({ roundingMinor: 55, totalMinor: 13_300 });
    const returned = await server.call('POST', `/v1/purchases/${purchaseId}/returns`, {
      key: server.keys.pos,
      body: { returnId: 'r-1', lines: [{ lineId: '1', quantity: 1 }] },
    });
    expect(returned.status).toBe(201);
    expect(returned.body.refundMinor).toBe(12_294);
  });
});
