import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

// The fuzzing finds of issue 11, each answered with a 4xx naming the field, and nothing written.

let server: TestServer;
let customerId: string;
beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/products', { body: { products: [{ sku: 'A', name: 'A' }] } });
  const customer = await server.call('POST', '/v1/customers', {
    body: { firstName: 'Анна', identifiers: [{ kind: 'card', value: 'BOUNDS-1' }] },
  });
  customerId = customer.body.id;
});
afterAll(() => server.close());

const line = (unitPriceMinor: number, quantity: number, lineId = '1') => ({
  lineId,
  sku: 'A',
  unitPriceMinor,
  quantity,
});
const purchase = (transactionId: string, lines: object[]) => ({
  storeId: 'msk',
  transactionId,
  customer: { id: customerId },
  lines,
});
const errorsOf = (body: { errors: { field: string; code: string }[] }) =>
  body.errors.map((e) => [e.field, e.code]);
const purchases = async () =>
  Number(
    (
      await server.db
        .selectFrom('purchases')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('numbers past the domain', () => {
  it('refuses 2^53 + 2 and 1e308 at their fields (400 out_of_range), not 500', async () => {
    const raw =
      '{"storeId":"msk","lines":[{"lineId":"1","sku":"A","unitPriceMinor":9007199254740994,"quantity":2},' +
      '{"lineId":"2","sku":"A","unitPriceMinor":1e308,"quantity":1}],"redeemPoints":1e308}';
    const answer = await server.call('POST', '/v1/carts/calculate', { rawBody: raw });
    expect(answer.status).toBe(400);
    expect(errorsOf(answer.body)).toEqual([
      ['/lines/0/unitPriceMinor', 'out_of_range'],
      ['/lines/1/unitPriceMinor', 'out_of_range'],
      ['/redeemPoints', 'out_of_range'],
    ]);
  });

  it('refuses a schema-valid line past the largest amount (422 at the line), writing nothing', async () => {
    const before = await purchases();
    const answer = await server.call('POST', '/v1/purchases', {
      body: purchase('too-large-line', [line(100, 1), line(10_000_000_000, 101, '2')]),
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 'amount_too_large',
      field: '/lines/1',
      detail: 'the line comes to 1010000000000; at most 1 000 000 000 000',
    });
    expect(await purchases()).toBe(before);
  });

  it('refuses an offline check past the largest amount on its own, committing the others', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const answer = await server.call('POST', '/v1/purchases/offline', {
      key: server.keys.pos,
      body: {
        checks: [
          { ...purchase('offline-ok', [line(100, 1)]), at },
          { ...purchase('offline-huge', [line(10_000_000_000, 101)]), at },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toMatchObject([
      { transactionId: 'offline-ok', status: 'committed' },
      {
        transactionId: 'offline-huge',
        status: 'refused',
        problem: { code: 'amount_too_large', field: '/lines/0' },
      },
    ]);
  });

  it('refuses lines in bounds that add up past the largest check (422 at /lines)', async () => {
    const half = line(5_000_000_000, 100);
    const answer = await server.call('POST', '/v1/carts/calculate', {
      body: { storeId: 'msk', lines: [half, { ...half, lineId: '2' }, line(1, 1, '3')] },
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'amount_too_large', field: '/lines' });
    const largest = await server.call('POST', '/v1/carts/calculate', {
      body: { storeId: 'msk', lines: [half, { ...half, lineId: '2' }] },
    });
    expect(largest.status).toBe(200);
    expect(largest.body.totalMinor).toBe(1_000_000_000_000);
  });

  it('refuses a result past the domain: a gift of 100 000 units at the largest price', async () => {
    const gift = {
      id: 'huge-gift',
      name: 'Huge gift',
      status: 'active',
      stacking: { groupId: 'default', priority: 1, exclusive: false },
      mechanic: {
        kind: 'gift',
        sku: 'G',
        regularPriceMinor: 10_000_000_000,
        priceMinor: 0,
        quantity: 100_000,
      },
    };
    expect((await server.call('POST', '/v1/promotions', { body: gift })).status).toBe(201);
    const answer = await server.call('POST', '/v1/carts/calculate', {
      body: { storeId: 'msk', lines: [line(100, 1)] },
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 'amount_too_large',
      field: '/lines',
      detail: 'the check would come to 1000000000000100; at most 1 000 000 000 000',
    });
    await server.call('POST', '/v1/promotions/huge-gift/status', { body: { status: 'archived' } });
  });

  it('refuses configuration past the bounds at its fields', async () => {
    const promotion = {
      id: 'too-big',
      name: 'Too big',
      status: 'draft',
      stacking: { groupId: 'default', priority: 1e10, exclusive: false },
      limits: { totalUses: 2 ** 31, budgetMinor: 1e16 },
      mechanic: { kind: 'amount-off', scope: {}, amountMinor: 100, per: 'cart' },
    };
    const envelope = await server.call('POST', '/v1/promotions', { body: promotion });
    expect(envelope.status).toBe(400);
    expect(errorsOf(envelope.body)).toEqual([
      ['/stacking/priority', 'out_of_range'],
      ['/limits/totalUses', 'out_of_range'],
      ['/limits/budgetMinor', 'out_of_range'],
    ]);
    const mechanic = await server.call('POST', '/v1/promotions', {
      body: {
        ...promotion,
        stacking: { groupId: 'default', priority: 1, exclusive: false },
        limits: {},
        mechanic: { kind: 'amount-off', scope: {}, amountMinor: 1e13, per: 'cart' },
      },
    });
    expect(mechanic).toMatchObject({
      status: 400,
      body: { field: '/mechanic/amountMinor', code: 'out_of_range' },
    });
    const series = await server.call('POST', '/v1/coupon-series', {
      body: { id: 's', promotionId: 'huge-gift', name: 's', kind: 'shared', totalUses: 2 ** 31 },
    });
    expect(series).toMatchObject({
      status: 400,
      body: { field: '/totalUses', code: 'out_of_range' },
    });
    const adjustment = await server.call('POST', `/v1/customers/${customerId}/points/adjustments`, {
      body: { points: -1e12, reason: 'x', operationId: 'big' },
    });
    expect(adjustment).toMatchObject({ status: 400, body: { field: '/points' } });
    const audit = await server.call('GET', '/v1/audit?before=1e308');
    expect(audit).toMatchObject({ status: 400, body: { field: '/before', code: 'out_of_range' } });
  });
});

describe('strings and nesting', () => {
  it('refuses NUL characters and lone surrogates in one answer, every field listed', async () => {
    const raw = JSON.stringify({
      storeId: 'msk',
      transactionId: 'nul',
      lines: [{ lineId: '\ud800', sku: 'A\u0000', unitPriceMinor: 100, quantity: 1 }],
    });
    const answer = await server.call('POST', '/v1/purchases', { rawBody: raw });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(errorsOf(answer.body)).toEqual([
      ['/lines/0/lineId', 'lone_surrogate'],
      ['/lines/0/sku', 'nul_character'],
    ]);
    const brand = await server.call('PUT', '/v1/products', {
      body: { products: [{ sku: 'B', name: 'B', brand: 'Fa\u0000rm' }] },
    });
    expect(brand.body).toMatchObject({ code: 'nul_character', field: '/products/0/brand' });
    const lastName = await server.call('PATCH', `/v1/customers/${customerId}`, {
      body: { lastName: '\u0000' },
    });
    expect(lastName.body).toMatchObject({ code: 'nul_character', field: '/lastName' });
  });

  it('refuses a NUL in a query string or a path parameter, with its location', async () => {
    const lookup = await server.call('GET', '/v1/customers/lookup?phone=%2B7916%00');
    expect(lookup.status).toBe(400);
    expect(lookup.body.errors).toEqual([
      {
        location: 'querystring',
        field: '/phone',
        code: 'nul_character',
        message: 'holds a NUL character (\\u0000)',
      },
    ]);
    const store = await server.call('GET', '/v1/stores/ms%00k');
    expect(store.body.errors[0]).toMatchObject({ location: 'params', field: '/id' });
  });

  it('refuses a selector nested 10 000 deep before any validator sees it', async () => {
    let scope = '{}';
    for (let i = 0; i < 10_000; i += 1) scope = `{"exclude":${scope}}`;
    const raw = `{"id":"deep","name":"d","status":"draft","stacking":{"groupId":"default","priority":1,"exclusive":false},"mechanic":{"kind":"percent-off","percentBp":100,"scope":${scope}}}`;
    const answer = await server.call('POST', '/v1/promotions', { rawBody: raw });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'too_deep' });
    expect(answer.body.field).toBe(`/mechanic/scope${'/exclude'.repeat(30)}`);
  });

  it('refuses a static list upload with a NUL, adding nobody', async () => {
    await server.call('POST', '/v1/segments', { body: { id: 'vip', name: 'VIP' } });
    const upload = await fetch(`${server.baseUrl}/v1/segments/vip/members.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'text/csv' },
      body: 'kind,value\ncard,BOUNDS-1\ncard,BOUNDS\u0000-2\n',
    });
    expect(upload.status).toBe(400);
    expect(await upload.json()).toMatchObject({ code: 'nul_character', field: '/' });
    const segment = await server.call('GET', '/v1/segments/vip');
    expect(segment.body.memberCount).toBe(0);
  });
});
