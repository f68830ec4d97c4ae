import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// A till whose clock runs an hour ahead: its live checks are refused, its offline ones each on
// their own while the rest of the upload goes through. A what-if price looks ahead on purpose.
let server: TestServer;
/** February of next year: always ahead of the clock, and a month a promotion is planned for. */
const year = new Date().getUTCFullYear() + 1;
/** The promotion on oils valid through February of next year, at `percentBp` off. */
const februaryOils = (name: string, percentBp: number) => ({
  id: 'oils-february',
  name,
  status: 'active',
  validFromDate: `${year}-02-01`,
  validToDate: `${year}-02-28`,
  stacking: { groupId: 'default', priority: 10, exclusive: false },
  mechanic: { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp },
});
beforeAll(async () => {
  server = await startTestServer({
    futureToleranceSeconds: 300,
    calculationLog: { enabled: true, retentionDays: 7 },
  });
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/categories', {
    body: { categories: [{ id: 'oils', name: 'Oils', parentId: null }] },
  });
  await server.call('PUT', '/v1/products', {
    body: { products: [{ sku: 'OIL', name: 'Sunflower oil', categoryId: 'oils' }] },
  });
  const created = await server.call('POST', '/v1/promotions', {
    body: februaryOils('−15% on oils in February', 1_500),
  });
  expect(created.status).toBe(201);
});
afterAll(() => server.close());

const hourAhead = () => new Date(Date.now() + 3_600_000).toISOString();
const minuteAgo = () => new Date(Date.now() - 60_000).toISOString();
const check = (transactionId: string, at: string) => ({
  storeId: 'msk',
  transactionId,
  at,
  lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 10_000, quantity: 1 }],
});

describe('a business time in the future', () => {
  it('is refused by calculate and commit, which then writes nothing', async () => {
    const at = hourAhead();
    const { transactionId: _, ...cart } = check('x', at);
    const calculated = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: cart,
    });
    expect(calculated.status).toBe(422);
    expect(calculated.body).toMatchObject({
      code: 'business_time_in_future',
      field: '/at',
      toleranceSeconds: 300,
    });
    const committed = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: check('ahead-1', at),
    });
    expect(committed.status).toBe(422);
    expect(committed.body.code).toBe('business_time_in_future');
    const read = await server.call('GET', '/v1/purchases/ahead-1', { key: server.keys.pos });
    expect(read.status).toBe(404);
    const now = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: check('now-1', minuteAgo()),
    });
    expect(now.status).toBe(201);
  });

  it('refuses a time before 2000, year 0 included, at the time field and writes nothing', async () => {
    const created = await server.call('POST', '/v1/customers', {
      key: server.keys.web,
      body: { identifiers: [{ kind: 'phone', value: '+79120000013' }] },
    });
    const customer = { id: created.body.id };
    for (const [i, at] of ['0000-01-01T00:00:00Z', '1970-01-01T00:00:00Z'].entries()) {
      const { transactionId: _, ...cart } = check('x', at);
      for (const whatIf of [undefined, true]) {
        const calculated = await server.call('POST', '/v1/carts/calculate', {
          key: server.keys.pos,
          body: { ...cart, customer, ...(whatIf ? { whatIf } : {}) },
        });
        expect(calculated.status).toBe(422);
        expect(calculated.body).toMatchObject({ code: 'business_time_too_early', field: '/at' });
      }
      const committed = await server.call('POST', '/v1/purchases', {
        key: server.keys.pos,
        body: { ...check(`early-${i}`, at), customer },
      });
      expect(committed.status).toBe(422);
      expect(committed.body).toMatchObject({ code: 'business_time_too_early', field: '/at' });
      const read = await server.call('GET', `/v1/purchases/early-${i}`, { key: server.keys.pos });
      expect(read.status).toBe(404);
    }
  });

  it('refuses only that check of an offline upload', async () => {
    const answer = await server.call('POST', '/v1/purchases/offline', {
      key: server.keys.pos,
      body: { checks: [check('off-ahead', hourAhead()), check('off-past', minuteAgo())] },
    });
    expect(answer.status).toBe(200);
    expect(
      answer.body.results.map((r: { transactionId: string; status: string }) => [
        r.transactionId,
        r.status,
      ]),
    ).toEqual([
      ['off-past', 'committed'],
      ['off-ahead', 'refused'],
    ]);
    expect(answer.body.results[1].problem).toMatchObject({
      code: 'business_time_in_future',
      field: '/at',
    });
  });
});

// 2 × 189.90 ₽ of oil = 379.80 ₽; 15% off in February is 56.97 ₽, leaving 322.83 ₽.
const oils = (at: string | undefined, whatIf?: boolean) => ({
  storeId: 'msk',
  ...(at === undefined ? {} : { at }),
  ...(whatIf === undefined ? {} : { whatIf }),
  explain: 'ruleset',
  lines: [{ lineId: '1', sku: 'OIL', unitPriceMinor: 18_990, quantity: 2 }],
});
const calculate = (body: object) =>
  server.call('POST', '/v1/carts/calculate', { key: server.keys.pos, body });
const ours = (body: { explanations: { promotionId: string }[] }) =>
  body.explanations.find((e) => e.promotionId === 'oils-february');

describe('a what-if price', () => {
  it('is refused ahead of the clock without whatIf, and priced by the promotions of then with it', async () => {
    const february = `${year}-02-15T12:00:00+03:00`;
    const till = await calculate(oils(february));
    expect(till.status).toBe(422);
    expect(till.body).toMatchObject({ code: 'business_time_in_future', field: '/at' });

    const whatIf = await calculate(oils(february, true));
    expect(whatIf.status).toBe(200);
    expect(whatIf.body).toMatchObject({
      whatIf: true,
      calculatedAt: february,
      subtotalMinor: 37_980,
      discountMinor: 5_697,
      totalMinor: 32_283,
      appliedPromotions: [{ promotionId: 'oils-february', discountMinor: 5_697 }],
    });
    expect(ours(whatIf.body)).toMatchObject({ applied: true, discountMinor: 5_697 });

    // Today the same promotion waits for its dates, what-if or not.
    for (const today of [
      await calculate(oils(undefined, true)),
      await calculate(oils(undefined)),
    ]) {
      expect(today.status).toBe(200);
      expect(today.body).toMatchObject({ discountMinor: 0, totalMinor: 37_980 });
      expect(ours(today.body)).toMatchObject({ applied: false, code: 'outside_validity' });
    }
    expect((await calculate(oils(undefined))).body.whatIf).toBe(false);
  });

  it('reads the promotion’s dates in the store’s time zone', async () => {
    // 28 February 23:30 in Moscow is 20:30Z: still February there. 1 March 00:30 is not.
    const lastEvening = await calculate(oils(`${year}-02-28T20:30:00Z`, true));
    expect(lastEvening.body).toMatchObject({ whatIf: true, totalMinor: 32_283 });
    const march = await calculate(oils(`${year}-02-28T21:30:00Z`, true));
    expect(march.body).toMatchObject({ whatIf: true, totalMinor: 37_980 });
    expect(ours(march.body)).toMatchObject({ applied: false, code: 'outside_validity' });
  });

  it('is refused beyond ten years ahead with a 422 at the time, never a 500', async () => {
    const elevenYears = new Date();
    elevenYears.setUTCFullYear(elevenYears.getUTCFullYear() + 11);
    for (const at of [elevenYears.toISOString(), '9999-12-31T23:59:59Z']) {
      const far = await calculate(oils(at, true));
      expect(far.status).toBe(422);
      expect(far.body).toMatchObject({ code: 'what_if_too_far', field: '/at', horizonYears: 10 });
    }
    const nineYears = new Date();
    nineYears.setUTCFullYear(nineYears.getUTCFullYear() + 9);
    expect((await calculate(oils(nineYears.toISOString(), true))).status).toBe(200);
  });

  it('cannot be committed: a purchase takes no whatIf', async () => {
    const { explain: _, ...cart } = oils(`${year}-02-15T12:00:00+03:00`, true);
    const committed = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: { ...cart, transactionId: 'what-if-1' },
    });
    expect(committed.status).toBe(400);
    expect(committed.body).toMatchObject({ code: 'unknown_field', field: '/whatIf' });
    const read = await server.call('GET', '/v1/purchases/what-if-1', { key: server.keys.pos });
    expect(read.status).toBe(404);
  });

  it('tries a promotion being edited on a day ahead, beside the rules in force then', async () => {
    // The February promotion raised to 20% in the editor: 379.80 ₽ − 75.96 ₽ = 303.84 ₽; as
    // stored (15%), 322.83 ₽ on the same day.
    const { explain: _, ...cart } = oils(`${year}-02-01T12:00:00+03:00`, true);
    const definition = februaryOils('−20% on oils in February', 2_000);
    const preview = await server.call('POST', '/v1/promotions/preview', {
      body: { definition, cart },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      calculation: { whatIf: true, totalMinor: 30_384 },
      current: { totalMinor: 32_283, discountMinor: 5_697 },
      promotion: { promotionId: 'oils-february', applied: true, discountMinor: 7_596 },
    });
    const { whatIf: __, ...tillCart } = cart;
    const refused = await server.call('POST', '/v1/promotions/preview', {
      body: { definition, cart: tillCart },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'business_time_in_future' });
  });

  it('takes the customer’s points balance as of now', async () => {
    // 100 ₽ now accrues 3 points (3% of 100 ₽, a point worth 1 ₽), pending for the 14-day return
    // period; by February they would be active, but a what-if answers today's balance.
    const created = await server.call('POST', '/v1/customers', {
      key: server.keys.web,
      body: { identifiers: [{ kind: 'phone', value: '+79120000012' }] },
    });
    const customer = { id: created.body.id };
    const bought = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: { ...check('what-if-points', minuteAgo()), customer },
    });
    expect(bought.status).toBe(201);
    const whatIf = await calculate({ ...oils(`${year}-02-15T12:00:00+03:00`, true), customer });
    expect(whatIf.body.points.balance).toEqual({ active: 0, pending: 3, debt: 0 });
  });

  it('is marked in the calculation log and the integration log', async () => {
    const at = `${year}-02-15T12:00:00+03:00`;
    const whatIf = await calculate(oils(at, true));
    await server.app.calculationLog.flush();
    const logged = await server.call('GET', `/v1/calculations/${whatIf.body.calculationId}`);
    expect(logged.status).toBe(200);
    expect(logged.body.request).toMatchObject({ at, whatIf: true });
    expect(logged.body.result).toMatchObject({ whatIf: true, totalMinor: 32_283 });

    await server.app.integrationLog.flush();
    const calls = await server.call('GET', '/v1/integration-log?limit=50');
    const call = calls.body.items.find(
      (item: { route: string; response: string | null }) =>
        item.route === '/v1/carts/calculate' && item.response?.includes(whatIf.body.calculationId),
    );
    expect(JSON.parse(call.request)).toMatchObject({ at, whatIf: true });
    expect(JSON.parse(call.response)).toMatchObject({ whatIf: true, totalMinor: 32_283 });
  });
});
