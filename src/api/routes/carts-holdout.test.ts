import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdoutBucket } from '../../promotions/holdout.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

// A promotion's control group at the till: a held-out customer pays full price and hears why,
// an anonymous cart is never held out, and the share is bounded on save.
let server: TestServer;
let customerId: string;
/** A promotion id whose 50% control group holds the customer out, and one whose group does not. */
let heldOutOf: string;
let treatedBy: string;

const promotion = (id: string, holdoutShareBp: number) => ({
  id,
  name: `${id} −10%`,
  status: 'active',
  audience: { anonymousAllowed: true },
  stacking: { groupId: 'default', priority: 1, exclusive: false },
  mechanic: { kind: 'percent-off', scope: {}, percentBp: 1000 },
  holdoutShareBp,
});
const lines = [{ lineId: '1', sku: 'BREAD', unitPriceMinor: 10_000, quantity: 1 }];
const cart = (customer?: { id: string }) =>
  server.call('POST', '/v1/carts/calculate', {
    key: server.keys.pos,
    body: { storeId: 'msk', ...(customer ? { customer } : {}), lines, explain: 'all' },
  });

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  customerId = (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'HOLD1' }] },
    })
  ).body.id;
  // The customer's id is random: pick promotion ids by their bucket for it.
  const ids = Array.from({ length: 40 }, (_, k) => `hold-${k}`);
  heldOutOf = ids.find((id) => holdoutBucket(id, customerId) < 5000) as string;
  treatedBy = ids.find((id) => holdoutBucket(id, customerId) >= 5000) as string;
  for (const id of [heldOutOf, treatedBy]) {
    const created = await server.call('POST', '/v1/promotions', { body: promotion(id, 5000) });
    expect(created.status).toBe(201);
  }
});
afterAll(() => server.close());

describe('a control group at the till', () => {
  it('leaves out the promotion that holds the customer out, and says so', async () => {
    const answer = await cart({ id: customerId });
    // Only the other promotion's 10% off 100.00.
    expect(answer.body.totalMinor).toBe(9_000);
    const explanations = Object.fromEntries(
      answer.body.explanations.map((e: { promotionId: string }) => [e.promotionId, e]),
    );
    expect(explanations[heldOutOf]).toMatchObject({
      applied: false,
      code: 'held_out',
      text: { ru: 'Контрольная группа: акция не применяется', en: 'held out: control group' },
    });
    expect(explanations[treatedBy]).toMatchObject({ applied: true, code: 'applied' });
  });

  it('never holds out an anonymous cart: both promotions apply', async () => {
    const answer = await cart();
    // 10% off 100.00, then 10% off 90.00.
    expect(answer.body.totalMinor).toBe(8_100);
    expect(answer.body.explanations.every((e: { applied: boolean }) => e.applied)).toBe(true);
  });

  it('refuses a share outside 0–5 000 basis points with every field at fault, storing nothing', async () => {
    for (const share of [5001, -1]) {
      const answer = await server.call('POST', '/v1/promotions', {
        body: { ...promotion(`bad-${share}`, share), stacking: { groupId: 'x' } },
      });
      expect(answer.status).toBe(400);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body.code).toBe('invalid_promotion');
      const fields = answer.body.errors.map((e: { field: string; code: string }) => [
        e.field,
        e.code,
      ]);
      expect(fields).toContainEqual(['/holdoutShareBp', 'out_of_range']);
      expect(fields).toContainEqual(['/stacking/priority', 'required']);
      expect((await server.call('GET', `/v1/promotions/bad-${share}`)).status).toBe(404);
    }
    const edge = await server.call('POST', '/v1/promotions', { body: promotion('edge', 5000) });
    expect(edge.body.definition.holdoutShareBp).toBe(5000);
  });
});

describe('GET /v1/analytics/uplift', () => {
  const period = 'from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z';

  it('splits the customers of the audience, as JSON and as CSV', async () => {
    const answer = await server.call(
      'GET',
      `/v1/analytics/uplift?promotionId=${heldOutOf}&${period}`,
      {
        key: server.keys.analyst,
      },
    );
    expect(answer.status).toBe(200);
    // The one customer, without a check: held out, a zero.
    expect(answer.body).toMatchObject({
      promotionId: heldOutOf,
      holdoutShareBp: 5000,
      treated: { customers: 0, purchases: 0, revenueMinor: 0 },
      heldOut: { customers: 1, purchases: 0, revenueMinor: 0, revenuePerCustomerMinor: 0 },
    });
    const csv = await fetch(
      `${server.baseUrl}/v1/analytics/uplift?promotionId=${heldOutOf}&${period}`,
      { headers: { authorization: `Bearer ${server.keys.analyst}`, accept: 'text/csv' } },
    );
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split(/\r?\n/).slice(0, 4)).toEqual([
      'metric,treated,held_out,difference,low,high,relative',
      'revenue_per_customer_minor,,0,,,,',
      'purchases_per_customer,,0,,,,',
      'average_check_minor,,,,,,',
    ]);
  });

  it('refuses an unknown promotion and an empty period', async () => {
    const unknown = await server.call('GET', `/v1/analytics/uplift?promotionId=nope&${period}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('promotion_not_found');
    const empty = await server.call(
      'GET',
      `/v1/analytics/uplift?promotionId=${heldOutOf}&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    );
    expect(empty.body).toMatchObject({ code: 'invalid_period', field: '/to' });
  });
});
