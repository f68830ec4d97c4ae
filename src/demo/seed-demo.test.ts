import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyApiKey } from '../access/api-keys.ts';
import { buildApp, type PerkApp } from '../api/app.ts';
import { readConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { demoCustomers } from './demo-chain.ts';
import { describeDemo } from './describe-demo.ts';
import { type DemoSeed, seedDemoIfEmpty } from './seed-demo.ts';

let database: TestDatabase;
let seed: DemoSeed;
let app: PerkApp;
beforeAll(async () => {
  database = await createTestDatabase();
  seed = (await seedDemoIfEmpty(database.db, 'RU')) as DemoSeed;
  app = await buildApp({
    db: database.db,
    config: { ...readConfig({ PERK_OVERLOAD_DELAY_MS: '0' }), logLevel: 'silent' },
  });
}, 300_000);
afterAll(async () => {
  await app?.close();
  await database.close();
});

const call = async (method: 'GET' | 'POST', url: string, payload?: object, key = seed.posKey) => {
  const answer = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload ? { payload } : {}),
  });
  return { status: answer.statusCode, body: answer.json() };
};
const customers = demoCustomers(15);
const phoneOf = (position: number) => customers[position]?.identifiers[0]?.value as string;
const line = (sku: string, unitPriceMinor: number, quantity = 1) => ({
  lineId: sku,
  sku,
  unitPriceMinor,
  quantity,
});
// Yesterday 11:00 in Moscow: inside the cheese happy hours, whenever the test runs.
const happyHour = new Date(Math.floor(Date.now() / 86_400_000 - 1) * 86_400_000 + 8 * 3_600_000);

/** A cart on which each demo promotion applies (by id); the tier discount's id is the tier's. */
function cartFor(promotionId: string): object {
  const msk = { storeId: 'msk-tverskaya' };
  const anna = { customer: { phone: phoneOf(0) } };
  const milk = (priceMinor: number) => [line('MILK-11-M', priceMinor)];
  const carts: Record<string, object> = {
    'oils-15': { ...msk, lines: [line('OILS-11-M', 50_000)] },
    'cheese-happy-hours': {
      ...msk,
      at: happyHour.toISOString(),
      lines: [line('CHEESE-11-M', 80_000)],
    },
    'coffee-2-plus-1': { ...msk, lines: [line('COFFEE-11-M', 60_000, 3)] },
    'greenfield-99': { ...msk, lines: [line('TEA-11-M', 25_000)] },
    'household-50': { ...msk, lines: [line('HOUSEHOLD-11-M', 30_000, 3)] },
    'breakfast-set': {
      ...msk,
      lines: [line('COFFEE-11-M', 50_000), line('BAKERY-31-S', 8_900, 2)],
    },
    'wine-and-cheese': {
      ...msk,
      lines: [line('WINE-11-L', 60_000), line('CHEESE-21-M', 80_000)],
    },
    'tea-croissant-gift': { ...msk, lines: [line('TEA-12-M', 30_000, 2)] },
    'vvo-bakery-20': { storeId: 'vvo-svetlanskaya', lines: [line('BAKERY-11-M', 6_000)] },
    'app-drinks-5': { storeId: 'app', lines: [line('TEA-12-M', 30_000)] },
    'spend-more': { ...msk, lines: milk(500_000) },
    'staff-10': { ...msk, customer: { phone: phoneOf(10) }, lines: milk(10_000) },
    'coupon-300': { ...msk, couponCodes: [seed.couponCode], lines: milk(200_000) },
    'promo-spring': {
      ...msk,
      ...anna,
      couponCodes: [seed.promoCode],
      lines: [line('SKINCARE-11-M', 50_000)],
    },
    manual: {
      ...msk,
      manualDiscount: { percentBp: 500, reason: 'Мятая упаковка', cashierRole: 'cashier' },
      lines: milk(10_000),
    },
    'cosmetics-double-points': { ...msk, ...anna, lines: [line('SKINCARE-11-M', 50_000)] },
    'big-spenders-200': { ...msk, ...anna, lines: milk(250_000) },
  };
  return carts[promotionId] ?? { ...msk, ...anna, lines: milk(10_000) };
}

describe('the demo chain', () => {
  it('is made once, with working keys, stores in Moscow and Vladivostok', async () => {
    expect(seed.summary).toBe(
      '5 stores, 252 products, 120 customers, 48 past purchases, 17 promotions, 3 tiers, ' +
        '4 segments, 3 campaigns, 10 gift cards',
    );
    const zones = await database.db.selectFrom('stores').select('time_zone').distinct().execute();
    expect(zones.map((z) => z.time_zone).sort()).toEqual(['Asia/Vladivostok', 'Europe/Moscow']);
    expect((await verifyApiKey(database.db, seed.adminKey))?.role).toBe('admin');
    expect((await verifyApiKey(database.db, seed.posKey))?.role).toBe('pos');
    expect(await seedDemoIfEmpty(database.db, 'RU')).toBeNull();
  });

  it('has every mechanic, and each promotion applies on some cart', async () => {
    const { items } = (await call('GET', '/v1/promotions?status=active', undefined, seed.adminKey))
      .body as { items: { id: string; definition: { mechanic: { kind: string } } }[] };
    const kinds = new Set(items.map((p) => p.definition.mechanic.kind));
    expect(kinds.size).toBe(10);
    expect(items.map((p) => p.id)).toContain('tier-discount-gold');
    const notApplied: string[] = [];
    for (const { id } of items) {
      const answer = await call('POST', '/v1/carts/calculate', cartFor(id));
      const applied = (answer.body.appliedPromotions ?? []) as { promotionId: string }[];
      if (!applied.some((a) => a.promotionId === id)) notApplied.push(id);
    }
    expect(notApplied).toEqual([]);
  });

  it('gives the first customer gold, spendable points, some expiring soon', async () => {
    const found = await call('GET', `/v1/customers/lookup?phone=${encodeURIComponent(phoneOf(0))}`);
    const id = found.body.id as string;
    expect((await call('GET', `/v1/customers/${id}/tier`)).body.tier.id).toBe('gold');
    const balance = (await call('GET', `/v1/customers/${id}/points`)).body;
    expect(balance.active).toBeGreaterThan(1_000);
    // The birthday bonus lasts a week; the points credited 350 days ago expire within a month.
    const soon = Date.now() + 30 * 86_400_000;
    expect(balance.expiringSoon.map((e: { points: number }) => e.points)).toEqual([300, 500]);
    expect(balance.expiringSoon.every((e: { at: string }) => Date.parse(e.at) < soon)).toBe(true);
    const purchase = await call('POST', '/v1/purchases', {
      storeId: 'msk-tverskaya',
      transactionId: 'try-1',
      customer: { phone: phoneOf(0) },
      redeemPoints: 500,
      lines: [line('MILK-11-M', 200_000)],
    });
    expect(purchase.status).toBe(201);
    expect(purchase.body.redeemedPoints).toBe(500);
  });

  it('gives silver to the next three, pays the referral, lists the staff', async () => {
    for (const position of [1, 2, 3]) {
      const found = await call(
        'GET',
        `/v1/customers/lookup?phone=${encodeURIComponent(phoneOf(position))}`,
      );
      expect((await call('GET', `/v1/customers/${found.body.id}/tier`)).body.tier.id).toBe(
        'silver',
      );
    }
    // The third customer registered with the first one's referral code and then bought for
    // 6 000 ₽: both got the referral bonus. The first one also has her birthday today.
    const rewards = await database.db
      .selectFrom('campaign_rewards')
      .innerJoin(
        'customer_identifiers',
        'customer_identifiers.customer_id',
        'campaign_rewards.customer_id',
      )
      .select(['campaign_id', 'customer_identifiers.value'])
      .where('customer_identifiers.value', 'in', [phoneOf(0), phoneOf(2)])
      .where((eb) =>
        eb.or([
          eb('campaign_id', '=', 'bring-a-friend'),
          eb.and([eb('campaign_id', '=', 'birthday'), eb('value', '=', phoneOf(0))]),
        ]),
      )
      .orderBy('campaign_id')
      .orderBy('customer_identifiers.value')
      .execute();
    expect(rewards.map((r) => `${r.campaign_id} ${r.value}`)).toEqual([
      `birthday ${phoneOf(0)}`,
      // Ordered by phone, as the query orders them.
      ...[phoneOf(0), phoneOf(2)].sort().map((phone) => `bring-a-friend ${phone}`),
    ]);
    const staff = (await call('GET', '/v1/segments/staff/members', undefined, seed.adminKey)).body;
    expect(staff.items).toHaveLength(5);
  });

  it('prints a gift card that pays', async () => {
    const { number, pin } = seed.giftCard;
    const balance = await call('POST', '/v1/gift-cards/balance', { number, pin });
    expect(balance.body.balanceMinor).toBe(300_000);
  });

  it('prints three commands that work as printed, with the till key in them', async () => {
    const commands = describeDemo(seed, 'http://localhost:8080').filter((l) =>
      l.startsWith('  curl'),
    );
    expect(commands).toHaveLength(3);
    const statuses: number[] = [];
    for (const command of commands) {
      expect(command).toContain(`Bearer ${seed.posKey}`);
      const url = /http:\/\/localhost:8080([^' ]+)/.exec(command)?.[1] as string;
      const body = /-d '(.*)'$/.exec(command)?.[1];
      const answer = await call(body ? 'POST' : 'GET', url, body ? JSON.parse(body) : undefined);
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([200, 200, 201]);
  });
});
