import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeFor } from '../../carts/shop-prices.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

// A web shop's shelf: milk 10% off for all, 20 ₽ off anything for Muscovites (a segment), 5%
// off a check over 5 000 ₽ (reached by the TV alone), cigarettes never discounted.
let server: TestServer;
let muscovite: string;

const stacking = (priority: number) => ({ groupId: 'default', priority, exclusive: false });

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/web', {
    body: { name: 'web', region: 'RU', timeZone: 'Europe/Moscow', channel: 'web' },
  });
  await server.call('PUT', '/v1/categories', {
    body: { categories: [{ id: 'milk', name: 'Milk' }] },
  });
  const products = await server.call('PUT', '/v1/products', {
    body: {
      products: [
        { sku: 'MILK', name: 'Milk', categoryId: 'milk' },
        { sku: 'BREAD', name: 'Bread' },
        { sku: 'TV', name: 'TV' },
        { sku: 'CIG', name: 'Cigarettes', noDiscount: true },
      ],
    },
  });
  expect(products.status).toBe(200);
  // Members of a rule segment are computed when it is made.
  muscovite = (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'MOSCOW1' }], city: 'Москва' },
    })
  ).body.id;
  await server.call('POST', '/v1/segments', {
    body: { id: 'moscow', name: 'Moscow', rule: { kind: 'city', in: ['Москва'] } },
  });
  const promotions = [
    {
      id: 'milk-10',
      name: 'Молоко −10%',
      mechanic: { kind: 'percent-off', scope: { categoryIds: ['milk'] }, percentBp: 1000 },
      stacking: stacking(3),
    },
    {
      id: 'moscow-20',
      name: 'Москвичам −20 ₽',
      audience: { segmentIds: ['moscow'], anonymousAllowed: false },
      mechanic: { kind: 'amount-off', scope: {}, amountMinor: 2_000, per: 'unit' },
      stacking: stacking(2),
    },
    {
      id: 'big-5',
      name: 'От 5 000 ₽ −5%',
      conditions: { minSubtotal: { amountMinor: 500_000 } },
      mechanic: { kind: 'percent-off', scope: {}, percentBp: 500 },
      stacking: stacking(1),
    },
  ];
  for (const promotion of promotions) {
    const saved = await server.call('POST', '/v1/promotions', {
      body: { ...promotion, status: 'active' },
    });
    expect(saved.status).toBe(201);
  }
});
afterAll(() => server.close());

const shelf = [
  { sku: 'MILK', regularPriceMinor: 10_000 },
  { sku: 'BREAD', regularPriceMinor: 4_990 },
  { sku: 'TV', regularPriceMinor: 600_000 },
  { sku: 'CIG', regularPriceMinor: 25_000 },
  { sku: 'NOPE', regularPriceMinor: 1_000 },
];

const prices = (body: unknown) => server.call('POST', '/v1/prices', { key: server.keys.web, body });

describe('POST /v1/prices', () => {
  it('prices an anonymous visitor: per-item promotions, a threshold one unit reaches alone', async () => {
    const answer = await prices({ storeId: 'web', items: shelf });
    expect(answer.status).toBe(200);
    expect(answer.body.customer).toEqual({ status: 'anonymous' });
    expect(answer.body.items).toEqual([
      {
        sku: 'MILK',
        status: 'priced',
        regularPriceMinor: 10_000,
        priceMinor: 9_000,
        discountMinor: 1_000,
        promotions: [{ promotionId: 'milk-10', name: 'Молоко −10%', discountMinor: 1_000 }],
        badge: { ru: '−10%', en: '−10%' },
      },
      {
        sku: 'BREAD',
        status: 'priced',
        regularPriceMinor: 4_990,
        priceMinor: 4_990,
        discountMinor: 0,
        promotions: [],
        badge: null,
      },
      {
        sku: 'TV',
        status: 'priced',
        regularPriceMinor: 600_000,
        priceMinor: 570_000,
        discountMinor: 30_000,
        promotions: [{ promotionId: 'big-5', name: 'От 5 000 ₽ −5%', discountMinor: 30_000 }],
        badge: { ru: '−5%', en: '−5%' },
      },
      {
        sku: 'CIG',
        status: 'priced',
        regularPriceMinor: 25_000,
        priceMinor: 25_000,
        discountMinor: 0,
        promotions: [],
        badge: null,
      },
      {
        sku: 'NOPE',
        status: 'unknown_sku',
        regularPriceMinor: 1_000,
        priceMinor: null,
        discountMinor: null,
        promotions: [],
        badge: null,
      },
    ]);
  });

  it('adds the customer’s segment promotion, each on the price left by the one before', async () => {
    const answer = await prices({ storeId: 'web', customer: { card: 'MOSCOW1' }, items: shelf });
    expect(answer.body.customer).toEqual({ status: 'identified', id: muscovite });
    const bySku = Object.fromEntries(
      answer.body.items.map((item: { sku: string }) => [item.sku, item]),
    );
    // Milk: 100 − 10% = 90, then 20 ₽ off: 70.
    expect(bySku.MILK).toMatchObject({ priceMinor: 7_000, discountMinor: 3_000 });
    expect(bySku.MILK.badge).toEqual({ ru: '−30%', en: '−30%' });
    expect(bySku.BREAD).toMatchObject({
      priceMinor: 2_990,
      badge: { ru: '−20 ₽', en: '−₽20' },
    });
    // TV: 6 000 − 20 = 5 980, still over 5 000, so 5% of it: 299.
    expect(bySku.TV).toMatchObject({
      priceMinor: 568_100,
      discountMinor: 31_900,
      promotions: [
        { promotionId: 'moscow-20', name: 'Москвичам −20 ₽', discountMinor: 2_000 },
        { promotionId: 'big-5', name: 'От 5 000 ₽ −5%', discountMinor: 29_900 },
      ],
      badge: { ru: '−319 ₽', en: '−₽319' },
    });
    expect(bySku.CIG).toMatchObject({ priceMinor: 25_000, badge: null });
  });

  it('refuses more than 500 SKUs, a repeated SKU and an unknown store, changing nothing', async () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ sku: `S${i}`, regularPriceMinor: 100 }));
    const tooMany = await prices({ storeId: 'web', items: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.contentType).toContain('application/problem+json');
    const twice = await prices({
      storeId: 'web',
      items: [shelf[0], shelf[1], shelf[0], shelf[1]],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.code).toBe('validation_failed');
    expect(twice.body.errors.map((e: { field: string }) => e.field)).toEqual([
      '/items/2/sku',
      '/items/3/sku',
    ]);
    const noStore = await prices({ storeId: 'nowhere', items: shelf });
    expect(noStore.status).toBe(400);
    expect(noStore.body.code).toBe('unknown_store');
  });

  it('answers 500 SKUs at once', async () => {
    const items = Array.from({ length: 500 }, (_, i) => ({
      sku: i === 0 ? 'MILK' : `S${i}`,
      regularPriceMinor: 10_000,
    }));
    const answer = await prices({ storeId: 'web', items });
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(500);
    expect(answer.body.items[0].priceMinor).toBe(9_000);
    expect(answer.body.items[499].status).toBe('unknown_sku');
  });
});

describe('a tier’s discount', () => {
  it('prices for a gold customer with the tier’s 5%, rounded half up to the kopeck', async () => {
    const program = await server.call('PUT', '/v1/tiers', {
      body: {
        metric: 'spent_minor',
        period: { kind: 'all_time' },
        comparison: 'at_least',
        autoTransition: false,
        downgradeAtPeriodEnd: false,
        tiers: [{ id: 'gold', name: { ru: 'Золото', en: 'Gold' }, threshold: 0, discountBp: 500 }],
      },
    });
    expect(program.status).toBe(200);
    const gold = (
      await server.call('POST', '/v1/customers', {
        body: { identifiers: [{ kind: 'card', value: 'GOLD1' }] },
      })
    ).body.id;
    const moved = await server.call('POST', `/v1/customers/${gold}/tier`, {
      body: { tierId: 'gold' },
    });
    expect(moved.status).toBe(200);
    const answer = await prices({
      storeId: 'web',
      customer: { id: gold },
      items: [{ sku: 'BREAD', regularPriceMinor: 4_990 }],
    });
    // 5% of 49,90 is 2,495: 2,50 off.
    expect(answer.body.items[0]).toMatchObject({
      priceMinor: 4_740,
      discountMinor: 250,
      badge: { ru: '−2,50 ₽', en: '−₽2.50' },
    });
    const anonymous = await prices({
      storeId: 'web',
      items: [{ sku: 'BREAD', regularPriceMinor: 4_990 }],
    });
    expect(anonymous.body.items[0]).toMatchObject({ priceMinor: 4_990, badge: null });
  });
});

describe('badgeFor', () => {
  it('says a percent only when the saving is one exactly, else the money', () => {
    expect(badgeFor(100_000, 15_000, 'RUB')).toEqual({ ru: '−15%', en: '−15%' });
    expect(badgeFor(10_000, 1_250, 'RUB')).toEqual({ ru: '−12,5%', en: '−12.5%' });
    expect(badgeFor(99_900, 10_000, 'RUB')).toEqual({ ru: '−100 ₽', en: '−₽100' });
    expect(badgeFor(99_900, 10_000, 'USD')).toEqual({ ru: '−100 $', en: '−$100' });
    expect(badgeFor(10_000, 0, 'RUB')).toBeNull();
  });
});
