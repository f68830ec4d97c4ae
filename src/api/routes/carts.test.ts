import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;

const promotion = (id: string, mechanic: object, extra: object = {}) => ({
  id,
  name: id,
  status: 'active',
  stacking: { groupId: 'default', priority: 10, exclusive: false },
  mechanic,
  ...extra,
});

beforeAll(async () => {
  server = await startTestServer();
  const store = (id: string, timeZone: string) =>
    server.call('PUT', `/v1/stores/${id}`, {
      body: { name: id, region: 'RU', timeZone, channel: 'pos' },
    });
  await store('msk', 'Europe/Moscow');
  await store('ekb', 'Asia/Yekaterinburg');
  await server.call('PUT', '/v1/categories', {
    body: {
      categories: [
        { id: 'food', name: 'Food', parentId: null },
        { id: 'oils', name: 'Oils', parentId: 'food' },
        { id: 'olive', name: 'Olive oils', parentId: 'oils' },
        { id: 'cheese', name: 'Cheese', parentId: 'food' },
        { id: 'wine', name: 'Wine', parentId: null },
      ],
    },
  });
  await server.call('PUT', '/v1/products', {
    body: {
      products: [
        { sku: 'OLIVE-1', name: 'Olive oil', categoryId: 'olive' },
        { sku: 'GOUDA', name: 'Gouda', categoryId: 'cheese' },
        { sku: 'WINE-1', name: 'Wine', categoryId: 'wine', minPriceMinor: 29_900 },
      ],
    },
  });
  await server.call('POST', '/v1/customers', {
    body: { firstName: 'Анна', identifiers: [{ kind: 'phone', value: '+79123456789' }] },
  });
  await server.call('POST', '/v1/promotions', {
    body: promotion('oils-15', {
      kind: 'percent-off',
      scope: { categoryIds: ['oils'] },
      percentBp: 1500,
    }),
  });
  await server.call('POST', '/v1/promotions', {
    body: promotion(
      'cheese-hours',
      { kind: 'percent-off', scope: { categoryIds: ['cheese'] }, percentBp: 1000 },
      { schedule: { windows: [{ from: '10:00', to: '12:00' }] } },
    ),
  });
  await server.call('POST', '/v1/promotions', {
    body: promotion('wine-50', {
      kind: 'percent-off',
      scope: { categoryIds: ['wine'] },
      percentBp: 5000,
    }),
  });
});
afterAll(() => server.close());

const calculate = (body: object, key = server.keys.pos) =>
  server.call('POST', '/v1/carts/calculate', { key, body });
const line = (lineId: string, sku: string, unitPriceMinor: number, quantity = 1) => ({
  lineId,
  sku,
  unitPriceMinor,
  quantity,
});
// 07:30Z is 10:30 in Moscow and 12:30 in Yekaterinburg.
const at = '2027-02-10T07:30:00Z';

describe('POST /v1/carts/calculate', () => {
  it('prices catalogue products with promotions matched through the category tree', async () => {
    const answer = await calculate({
      storeId: 'msk',
      at,
      lines: [line('1', 'OLIVE-1', 19_999, 2)],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      storeId: 'msk',
      customer: { status: 'anonymous' },
      subtotalMinor: 39_998,
      discountMinor: 6_000,
      totalMinor: 33_998,
    });
    expect(answer.body.lines).toEqual([
      expect.objectContaining({
        lineId: '1',
        quantity: 2,
        unitPriceMinor: 16_999,
        totalMinor: 33_998,
        promotions: [{ promotionId: 'oils-15', discountMinor: 6_000 }],
      }),
    ]);
    expect(answer.body.calculationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('evaluates happy hours in the store time zone', async () => {
    const cart = { at, lines: [line('1', 'GOUDA', 50_000)] };
    const moscow = await calculate({ storeId: 'msk', ...cart });
    expect(moscow.body.totalMinor).toBe(45_000);
    const yekaterinburg = await calculate({ storeId: 'ekb', ...cart });
    expect(yekaterinburg.body.totalMinor).toBe(50_000);
    const why = yekaterinburg.body.explanations.find(
      (e: { promotionId: string }) => e.promotionId === 'cheese-hours',
    );
    expect(why).toMatchObject({ applied: false, code: 'outside_schedule' });
    expect(why.text.ru).not.toBe('');
    expect(why.text.en).not.toBe('');
  });

  it('never discounts below the catalogue minimum price', async () => {
    const answer = await calculate({ storeId: 'msk', at, lines: [line('1', 'WINE-1', 40_000)] });
    expect(answer.body).toMatchObject({ totalMinor: 29_900 });
  });

  it('takes unknown products with inline facts; the catalogue wins where it knows', async () => {
    const answer = await calculate({
      storeId: 'msk',
      at,
      lines: [
        { ...line('1', 'NEW-OIL', 10_000), product: { categoryId: 'olive' } },
        { ...line('2', 'WINE-1', 40_000), product: { categoryId: 'food', minPriceMinor: 100 } },
      ],
    });
    expect(answer.body.lines.map((l: { totalMinor: number }) => l.totalMinor)).toEqual([
      8_500, 29_900,
    ]);
  });

  it('identifies the customer by any spelling of the phone, and sells to an unknown card as anonymous', async () => {
    const known = await calculate({
      storeId: 'msk',
      at,
      customer: { phone: '8 (912) 345-67-89' },
      lines: [line('1', 'GOUDA', 100)],
    });
    expect(known.body.customer).toMatchObject({ status: 'identified', id: expect.any(String) });
    const unknown = await calculate({
      storeId: 'msk',
      at,
      customer: { card: '9999 0000' },
      lines: [line('1', 'GOUDA', 100)],
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body.customer).toEqual({ status: 'not_found' });
  });

  it('uses a changed promotion on the next calculation', async () => {
    await server.call('POST', '/v1/promotions/oils-15/status', { body: { status: 'paused' } });
    const answer = await calculate({ storeId: 'msk', at, lines: [line('1', 'OLIVE-1', 10_000)] });
    expect(answer.body.totalMinor).toBe(10_000);
    await server.call('POST', '/v1/promotions/oils-15/status', { body: { status: 'active' } });
    expect(
      (await calculate({ storeId: 'msk', at, lines: [line('1', 'OLIVE-1', 10_000)] })).body
        .totalMinor,
    ).toBe(8_500);
  });

  it('writes nothing', async () => {
    const count = async () =>
      (
        await server.db
          .selectFrom('audit_log')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    await calculate({ storeId: 'msk', at, lines: [line('1', 'OLIVE-1', 10_000)] });
    expect(await count()).toBe(before);
  });
});

describe('bad carts answered with problem+json', () => {
  const refused = async (body: object, status: number, code: string, field: string) => {
    const answer = await calculate(body);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code, field });
  };

  it('an unknown store', () =>
    refused(
      { storeId: 'nowhere', lines: [line('1', 'GOUDA', 100)] },
      400,
      'unknown_store',
      '/storeId',
    ));
  it('a negative quantity', () =>
    refused(
      { storeId: 'msk', lines: [line('1', 'GOUDA', 100, -1)] },
      400,
      'out_of_range',
      '/lines/0/quantity',
    ));
  it('a price that is not an integer', () =>
    refused(
      { storeId: 'msk', lines: [line('1', 'GOUDA', 99.5)] },
      400,
      'wrong_type',
      '/lines/0/unitPriceMinor',
    ));
  it('too many lines', () =>
    refused(
      {
        storeId: 'msk',
        lines: Array.from({ length: 501 }, (_, i) => line(String(i), 'GOUDA', 100)),
      },
      400,
      'too_many_items',
      '/lines',
    ));
  it('a line id given twice', () =>
    refused(
      { storeId: 'msk', lines: [line('1', 'GOUDA', 100), line('1', 'GOUDA', 100)] },
      400,
      'duplicate_line_id',
      '/lines/1/lineId',
    ));
  it('both quantity and weight', () =>
    refused(
      { storeId: 'msk', lines: [{ ...line('1', 'GOUDA', 100), quantityMilli: 1500 }] },
      400,
      'quantity_required',
      '/lines/0/quantity',
    ));
  it('a malformed phone', () =>
    refused(
      { storeId: 'msk', customer: { phone: '12' }, lines: [line('1', 'GOUDA', 100)] },
      400,
      'invalid_phone',
      '/customer/phone',
    ));
  it('an unknown field', () =>
    refused(
      { storeId: 'msk', lines: [line('1', 'GOUDA', 100)], discount: 5 },
      400,
      'unknown_field',
      '/discount',
    ));

  it('refuses analysts, who read but do not sell', async () => {
    expect(
      (await calculate({ storeId: 'msk', lines: [line('1', 'GOUDA', 100)] }, server.keys.analyst))
        .status,
    ).toBe(403);
  });
});
