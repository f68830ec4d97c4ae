import { type Actor, systemActor } from '../access/actor.ts';
import { createApiKey } from '../access/api-keys.ts';
import { memoryLimiters } from '../api/lookup-limiters.ts';
import { localDay } from '../calendar/time-zone.ts';
import { createCampaign } from '../campaigns/campaigns.ts';
import { onCustomerRegistered } from '../campaigns/on-customer-registered.ts';
import { referralCodeFor } from '../campaigns/referrals.ts';
import { runCampaignJobs } from '../campaigns/run-campaign-jobs.ts';
import { putCategories } from '../catalogue/categories.ts';
import { directProductFacts } from '../catalogue/product-facts-cache.ts';
import { upsertProducts } from '../catalogue/products.ts';
import { defaultFutureToleranceSeconds } from '../config.ts';
import { createCouponSeries } from '../coupons/coupon-series.ts';
import { generateCouponCodes } from '../coupons/generate-codes.ts';
import { createCustomer } from '../customers/create-customer.ts';
import { issueGiftCards } from '../gift-cards/issue-gift-cards.ts';
import { composeHandlers } from '../handlers.ts';
import { putProgramSettings } from '../points/program-settings-store.ts';
import { runDueTransitions } from '../points/run-due-transitions.ts';
import { ProgrammeCache } from '../programme/programme-cache.ts';
import { createPromotion } from '../promotions/promotions.ts';
import { RulesetCache } from '../promotions/ruleset-cache.ts';
import { putRulesetSettings } from '../promotions/ruleset-settings-service.ts';
import { recomputeSegments } from '../segments/recompute-segments.ts';
import { createSegment } from '../segments/segments.ts';
import { uploadStaticList } from '../segments/static-list.ts';
import type { Db } from '../store/database.ts';
import { KeyedQueue } from '../store/keyed-queue.ts';
import { StoreCache } from '../stores/store-cache.ts';
import { putStore } from '../stores/stores.ts';
import { putTierProgram } from '../tiers/tier-program-store.ts';
import { demoCategories, demoCustomers, demoProducts, demoStores } from './demo-chain.ts';
import { writeDemoHistory } from './demo-history.ts';
import {
  demoCampaigns,
  demoPointsSettings,
  demoSegments,
  demoTierProgram,
} from './demo-programme.ts';
import { demoCouponSeries, demoPromotions, demoRulesetSettings } from './demo-promotions.ts';

/** What the demo made, for the start-up printout and for trying it. */
export interface DemoSeed {
  adminKey: string;
  posKey: string;
  summary: string;
  /** The customer with the richest past: gold tier, points to spend, birthday today. */
  customer: { phone: string; card: string };
  couponCode: string;
  promoCode: string;
  giftCard: { number: string; pin: string; balanceMinor: number };
}

// Enough to page through and segment; each one costs a first start some milliseconds.
const customerCount = 120;

/**
 * Fills an empty database with the demo chain through the same services as the API, so it passes
 * every save-time check: stores in Moscow and Vladivostok and on every channel, a category tree
 * and products, a points programme with three tiers, rule and static segments, a promotion of
 * every mechanic in declared stacking groups, coupons and a promo code, campaigns, gift cards,
 * and customers with spendable points and past purchases. Returns the keys and codes it made, or
 * null when the database already has stores or keys (the demo is only ever made once).
 */
export async function seedDemoIfEmpty(db: Db, defaultCountry: string): Promise<DemoSeed | null> {
  return (await demoWanted(db)) ? seedDemo(db, defaultCountry) : null;
}

/** Whether the database has neither stores nor keys, so the demo may be made in it. */
export async function demoWanted(db: Db): Promise<boolean> {
  const [stores, keys] = await Promise.all([
    db.selectFrom('stores').select('id').limit(1).execute(),
    db.selectFrom('api_keys').select('id').limit(1).execute(),
  ]);
  return stores.length === 0 && keys.length === 0;
}

/** Makes the demo; the caller has checked `demoWanted`. */
export async function seedDemo(db: Db, defaultCountry: string): Promise<DemoSeed> {
  const now = Date.now();
  const admin = await createApiKey(db, systemActor, { name: 'Demo admin', role: 'admin' });
  const pos = await createApiKey(db, systemActor, { name: 'Demo till', role: 'pos' });
  const till: Actor = { keyId: pos.apiKey.id, name: pos.apiKey.name, role: 'pos' };
  const adminActor: Actor = { keyId: admin.apiKey.id, name: admin.apiKey.name, role: 'admin' };
  await seedProgramme(db, now);
  const coupons = await seedCoupons(db, adminActor);
  const customerIds = await seedCustomers(db, defaultCountry, now);
  // The demo's past purchases use no coupon or gift card: limiters of their own do.
  const limiters = memoryLimiters();
  const cartDeps = {
    db,
    rulesets: new RulesetCache(db),
    stores: new StoreCache(db),
    programme: new ProgrammeCache(db),
    handlers: composeHandlers(limiters).purchase,
    defaultCountry,
    now: () => new Date(now),
    futureToleranceMs: defaultFutureToleranceSeconds * 1000,
    couponLookups: limiters.couponLookups,
    productFacts: directProductFacts(db),
    customerTurns: new KeyedQueue(),
  };
  const purchases = await writeDemoHistory(cartDeps, till, customerIds, now);
  // What the timers of `perk start` would do next, done now: points of past purchases become
  // spendable, today's birthday bonus is given, segments follow the new history.
  await runDueTransitions(db, now);
  await runCampaignJobs(db, now);
  await recomputeSegments(db, new Date(now));
  const cards = await issueGiftCards(
    db,
    adminActor,
    { batchId: 'demo-gift-cards', count: 10, nominalMinor: 300_000, activate: true },
    { now: new Date(now), apiKey: admin.key },
  );
  const card = cards.result[0] as { number: string; pin: string; nominalMinor: number };
  const customers = demoCustomers(customerCount);
  const first = customers[0]?.identifiers ?? [];
  return {
    adminKey: admin.key,
    posKey: pos.key,
    summary:
      `${demoStores.length} stores, ${demoProducts().length} products, ` +
      `${customerCount} customers, ${purchases} past purchases, ` +
      `${demoPromotions.length} promotions, ${demoTierProgram.tiers.length} tiers, ` +
      `${demoSegments.length} segments, ${demoCampaigns('2000-01-01').length} campaigns, ` +
      `${cards.result.length} gift cards`,
    customer: {
      phone: first.find((i) => i.kind === 'phone')?.value ?? '',
      card: first.find((i) => i.kind === 'card')?.value ?? '',
    },
    ...coupons,
    giftCard: { number: card.number, pin: card.pin, balanceMinor: card.nominalMinor },
  };
}

/** Settings, stores, catalogue, tiers, segments, promotions and campaigns, in reference order. */
async function seedProgramme(db: Db, now: number): Promise<void> {
  await putRulesetSettings(db, systemActor, demoRulesetSettings);
  await putProgramSettings(db, systemActor, demoPointsSettings);
  for (const store of demoStores) await putStore(db, systemActor, store.id, store);
  await putCategories(db, systemActor, demoCategories);
  await upsertProducts(db, systemActor, demoProducts());
  await putTierProgram(db, systemActor, demoTierProgram);
  for (const segment of demoSegments) await createSegment(db, systemActor, segment, new Date(now));
  for (const promotion of demoPromotions) await createPromotion(db, systemActor, promotion);
  for (const series of demoCouponSeries) await createCouponSeries(db, systemActor, series);
  const today = new Date(localDay(now, demoPointsSettings.timeZone) * 86_400_000);
  for (const campaign of demoCampaigns(today.toISOString().slice(0, 10))) {
    await createCampaign(db, systemActor, campaign);
  }
}

/** Twenty single-use −300 ₽ coupons; answers the first of them and the shared promo code. */
async function seedCoupons(
  db: Db,
  actor: Actor,
): Promise<{ couponCode: string; promoCode: string }> {
  await generateCouponCodes(db, actor, {
    seriesId: 'welcome-coupons',
    batchId: 'demo',
    count: 20,
  });
  const firstCode = (seriesId: string) =>
    db
      .selectFrom('coupons')
      .select('code')
      .where('series_id', '=', seriesId)
      .orderBy('code')
      .executeTakeFirstOrThrow();
  const [coupon, promo] = [await firstCode('welcome-coupons'), await firstCode('spring')];
  return { couponCode: coupon.code, promoCode: promo.code };
}

/**
 * The customers; the first has her birthday today (in the programme's zone), the third registered
 * with the first one's referral code, and five of them are on the staff list.
 */
async function seedCustomers(db: Db, defaultCountry: string, now: number): Promise<string[]> {
  const context = { defaultCountry, now: new Date(now) };
  const today = new Date(localDay(now, demoPointsSettings.timeZone) * 86_400_000);
  const customers = demoCustomers(customerCount);
  const ids: string[] = [];
  for (const [position, input] of customers.entries()) {
    const birthDate = position === 0 ? `1990${today.toISOString().slice(4, 10)}` : input.birthDate;
    const { customer } = await createCustomer(db, systemActor, { ...input, birthDate }, context);
    const referralCode = position === 2 ? await referralCodeFor(db, ids[0] as string) : undefined;
    await onCustomerRegistered(db, {
      customerId: customer.id,
      ...(referralCode ? { referralCode } : {}),
      now,
    });
    ids.push(customer.id);
  }
  const staff = customers.slice(10, 15).map((c) => `phone,${c.identifiers[0]?.value}`);
  await uploadStaticList(db, systemActor, 'staff', `kind,value\n${staff.join('\n')}\n`, {
    replace: true,
    defaultCountry,
  });
  return ids;
}
