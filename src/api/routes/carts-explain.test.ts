import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// A chain of 50 stores running 1 000 promotions, 20 per store, two per category of ten.
let server: TestServer;
const categories = Array.from({ length: 10 }, (_, i) => `cat-${i}`);

const promotion = (i: number) => ({
  id: `p-${String(i).padStart(4, '0')}`,
  name: `Скидка ${5 + (i % 10)}% в магазине ${i % 50} / ${5 + (i % 10)}% off in store ${i % 50}`,
  status: 'active',
  storeIds: [`store-${i % 50}`],
  stacking: { groupId: 'default', priority: i % 7, exclusive: false },
  mechanic: {
    kind: 'percent-off',
    scope: { categoryIds: [categories[Math.floor(i / 50) % 10]] },
    percentBp: 500 + (i % 10) * 100,
  },
});

beforeAll(async () => {
  server = await startTestServer();
  for (let s = 0; s < 50; s += 1) {
    await server.call('PUT', `/v1/stores/store-${s}`, {
      body: { name: `Store ${s}`, region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
    });
  }
  await server.call('PUT', '/v1/categories', {
    body: { categories: categories.map((id) => ({ id, name: id, parentId: null })) },
  });
  await server.call('PUT', '/v1/products', {
    body: {
      products: categories.map((categoryId, i) => ({
        sku: `SKU-${i}`,
        name: `Product ${i}`,
        categoryId,
      })),
    },
  });
  // Written directly, then one more through the API: it records the ruleset version with all of
  // them (a version per promotion would copy the growing set a thousand times).
  const rows = Array.from({ length: 999 }, (_, i) => {
    const definition = promotion(i);
    return {
      id: definition.id,
      status: 'active' as const,
      definition: JSON.stringify(definition),
      revision: 1,
    };
  });
  // Two more in store 7 for a category the cart lacks, each refused before the cart is looked at:
  // weekends only (the check is on a Friday), and members only (the cart is anonymous).
  const refusedFirst = [
    { ...promotion(1000), id: 'weekends', schedule: { days: [6, 7] } },
    { ...promotion(1001), id: 'members', audience: { anonymousAllowed: false } },
  ].map((definition) => ({
    id: definition.id,
    status: 'active' as const,
    definition: JSON.stringify({
      ...definition,
      storeIds: ['store-7'],
      mechanic: { ...definition.mechanic, scope: { categoryIds: ['cat-9'] } },
    }),
    revision: 1,
  }));
  await server.db
    .insertInto('promotions')
    .values([...rows, ...refusedFirst])
    .execute();
  const last = await server.call('POST', '/v1/promotions', { body: promotion(999) });
  expect(last.status).toBe(201);
});
afterAll(() => server.close());

// Ten lines over five of the categories.
const lines = Array.from({ length: 10 }, (_, i) => ({
  lineId: String(i + 1),
  sku: `SKU-${i % 5}`,
  unitPriceMinor: 10_000 + i * 1_000,
  quantity: 1 + (i % 3),
}));

describe('a calculation explains what concerns its check', () => {
  it('answers a 10-line cart in one store of 50 in under 20 KB by default', async () => {
    const answer = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { storeId: 'store-7', at: '2025-03-07T09:00:00Z', lines },
    });
    expect(answer.status).toBe(200);
    // The store's two promotions for each of the cart's five categories.
    expect(answer.body.explanations).toHaveLength(10);
    expect(answer.body.explanations.every((e: { applied: boolean }) => e.applied)).toBe(true);
    const size = Buffer.byteLength(JSON.stringify(answer.body));
    expect(size).toBeLessThan(20_000);
  });

  it('explains every promotion of the chain that touches the cart with explain "all"', async () => {
    const body = { storeId: 'store-7', at: '2025-03-07T09:00:00Z', lines };
    const bounded = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body,
    });
    const all = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { ...body, explain: 'all' },
    });
    expect(all.body.explanations).toHaveLength(500);
    expect(
      all.body.explanations.filter((e: { code: string }) => e.code === 'wrong_store'),
    ).toHaveLength(490);
    expect(all.body.totalMinor).toBe(bounded.body.totalMinor);
    expect(Buffer.byteLength(JSON.stringify(all.body))).toBeGreaterThan(150_000);
  });

  it('explains every active promotion of the chain with explain "ruleset", the cart touching it or not', async () => {
    const body = { storeId: 'store-7', at: '2025-03-07T09:00:00Z', lines };
    const bounded = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body,
    });
    const all = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: { ...body, explain: 'ruleset' },
    });
    expect(all.status).toBe(200);
    const explanations: { promotionId: string; applied: boolean; code: string }[] =
      all.body.explanations;
    expect(explanations).toHaveLength(1002);
    const count = (code: string) => explanations.filter((e) => e.code === code).length;
    // Store 7's twenty: ten on the cart's five categories apply, ten on the other five find no
    // line; the other stores' 980 are refused for the store, whatever their category.
    expect(count('applied')).toBe(10);
    expect(count('no_eligible_lines')).toBe(10);
    expect(count('wrong_store')).toBe(980);
    const byId = new Map(
      all.body.explanations.map((e: { promotionId: string }) => [e.promotionId, e]),
    );
    expect(byId.get('p-0257')).toMatchObject({
      applied: false,
      code: 'no_eligible_lines',
      text: { ru: 'в корзине нет товаров акции', en: 'no product in the cart qualifies' },
    });
    // p-0010: store 10, cat-0, which the cart holds.
    expect(byId.get('p-0010')).toMatchObject({ applied: false, code: 'wrong_store' });
    expect(byId.get('weekends')).toMatchObject({ applied: false, code: 'outside_schedule' });
    expect(byId.get('members')).toMatchObject({ applied: false, code: 'anonymous_not_allowed' });
    // Promotions no line touches cannot change a price.
    expect(all.body.totalMinor).toBe(bounded.body.totalMinor);
    expect(all.body.lines).toEqual(bounded.body.lines);
    expect(Buffer.byteLength(JSON.stringify(all.body))).toBeGreaterThan(150_000);
  });
});
