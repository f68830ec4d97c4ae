import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostingKind } from '../ledger/postings.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import type { CheckQuery } from './checks.ts';
import { type Economics, economics } from './economics.ts';

// Generated books: purchases with promotion discounts on their lines and ledger entries of
// every kind, spread over October to December; the answers are computed again below in plain
// TypeScript from the same data and compared to the last kopeck and point.
let database: TestDatabase;
const stores = [
  { id: 'msk', channel: 'pos' },
  { id: 'spb', channel: 'pos' },
  { id: 'web', channel: 'web' },
];
const promotions = ['p-milk', 'p-bread', 'p-gone'];
const start = Date.parse('2026-10-01T00:00:00Z');
const day = 86_400_000;

interface GenPurchase {
  id: string;
  storeId: string;
  at: number;
  cancelled: boolean;
  lines: { promotions: { promotionId: string; discountMinor: number }[] }[];
}
interface GenEntry {
  kind: PostingKind;
  from: string;
  to: string;
  points: number;
  at: number;
  purchaseId: string | null;
  lotId: string | null;
}
interface GenLot {
  id: string;
  purchaseId: string | null;
}

const purchases: GenPurchase[] = [];
const entries: GenEntry[] = [];
const lots: GenLot[] = [];

// A fixed linear congruential sequence: the same data on every run.
let seed = 20_261_206;
const next = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return Math.floor((seed / 2_147_483_648) * n);
};
const pick = <T>(list: readonly T[]) => list[next(list.length)] as T;
const moves: [PostingKind, string, string][] = [
  ['accrual_pending', 'world', 'pending'],
  ['activation', 'pending', 'active'],
  ['redemption', 'active', 'world'],
  ['expiry', 'active', 'world'],
  ['reversal_accrual', 'pending', 'world'],
  ['reversal_accrual', 'active', 'world'],
  ['reversal_redemption', 'world', 'active'],
  ['adjustment', 'world', 'active'],
  ['adjustment', 'active', 'world'],
  ['welcome_bonus', 'world', 'active'],
  ['campaign_bonus', 'world', 'pending'],
];

function generate(customerId: string): void {
  for (let i = 0; i < 120; i++) {
    const lines = Array.from({ length: 1 + next(3) }, () => ({
      promotions: Array.from({ length: next(3) }, (_, k) => ({
        promotionId: promotions[(k + next(3)) % 3] as string,
        discountMinor: 1 + next(5_000),
      })),
    }));
    purchases.push({
      id: crypto.randomUUID(),
      storeId: pick(stores).id,
      at: start + next(91 * day),
      cancelled: next(10) === 0,
      lines,
    });
  }
  const newLot = () => {
    const purchase = next(4) === 0 ? null : pick(purchases);
    const lot = { id: crypto.randomUUID(), purchaseId: purchase?.id ?? null };
    lots.push(lot);
    return lot;
  };
  for (let i = 0; i < 60; i++) newLot();
  for (let i = 0; i < 400; i++) {
    const [kind, from, to] = pick(moves);
    // A lot activates once: each activation gets a lot of its own.
    const lot = kind === 'activation' ? newLot() : pick(lots);
    const tiedToPurchase = kind !== 'welcome_bonus' && kind !== 'campaign_bonus';
    // Expiry and activation name only their lot; others their purchase, sometimes no lot.
    const ownPurchase = tiedToPurchase && kind !== 'expiry' && kind !== 'activation';
    entries.push({
      kind,
      from,
      to,
      points: 1 + next(500),
      at: start + next(91 * day),
      purchaseId: ownPurchase && next(3) > 0 ? pick(purchases).id : null,
      lotId: next(5) === 0 && kind !== 'expiry' && kind !== 'activation' ? null : lot.id,
    });
  }
  void customerId;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const customerId = crypto.randomUUID();
  await db.insertInto('customers').values({ id: customerId }).execute();
  for (const store of stores) {
    await sql`INSERT INTO stores (id, name, region, time_zone, channel)
      VALUES (${store.id}, ${store.id}, 'Moscow', 'Europe/Moscow', ${store.channel})`.execute(db);
  }
  for (const id of promotions.slice(0, 2)) {
    await sql`INSERT INTO promotions (id, status, definition, revision)
      VALUES (${id}, 'active', ${JSON.stringify({ name: `Promotion ${id}` })}, 1)`.execute(db);
  }
  generate(customerId);
  for (const p of purchases) {
    await sql`INSERT INTO purchases (id, integration_key_id, transaction_id, request_hash,
        customer_id, store_id, business_at, cancelled, subtotal_minor, discount_minor, total_minor,
        redeemed_points, redeemed_money_minor, paid_minor, accrued_points, ruleset_version,
        calculation, response)
      VALUES (${p.id}, ${customerId}, ${p.id}, '', ${customerId}, ${p.storeId},
        ${new Date(p.at)}, ${p.cancelled}, 0, 0, 0, 0, 0, 0, 0, '1',
        ${JSON.stringify({ lines: p.lines })}, '{}')`.execute(db);
  }
  await sql`INSERT INTO points_operations (key, kind, customer_id, input_hash)
    VALUES ('gen', 'test', ${customerId}, '')`.execute(db);
  for (const lot of lots) {
    await sql`INSERT INTO points_lots (id, customer_id, source, purchase_id, earned_at,
        activates_at, amount, remaining, activated, operation_key)
      VALUES (${lot.id}, ${customerId}, 'purchase', ${lot.purchaseId}, ${new Date(start)},
        ${new Date(start)}, 1, 0, true, 'gen')`.execute(db);
  }
  for (const e of entries) {
    await sql`INSERT INTO points_entries (customer_id, kind, from_account, to_account, points,
        effective_at, lot_id, purchase_id)
      VALUES (${customerId}, ${e.kind}, ${e.from}, ${e.to}, ${e.points}, ${new Date(e.at)},
        ${e.lotId}, ${e.purchaseId})`.execute(db);
  }
}, 300_000);
afterAll(() => database.close());

const settings = { currency: 'RUB', pointValueMinor: 150 };

/** The same figures from the generated data, without SQL. */
function expected(query: CheckQuery): Omit<Economics, 'from' | 'to' | 'channel' | 'storeId'> {
  const channelOf = (storeId: string) =>
    stores.find((s) => s.id === storeId)?.channel === 'pos' ? 'offline' : 'online';
  const inScope = (storeId: string) =>
    (query.channel === undefined || channelOf(storeId) === query.channel) &&
    (query.storeId === undefined || storeId === query.storeId);
  const inPeriod = (at: number) => at >= query.from.getTime() && at < query.to.getTime();
  const byPromotion = new Map<string, { checks: Set<string>; discountMinor: number }>();
  const discounted = new Set<string>();
  for (const p of purchases) {
    if (p.cancelled || !inPeriod(p.at) || !inScope(p.storeId)) continue;
    for (const line of p.lines) {
      for (const { promotionId, discountMinor } of line.promotions) {
        const cost = byPromotion.get(promotionId) ?? { checks: new Set(), discountMinor: 0 };
        cost.checks.add(p.id);
        cost.discountMinor += discountMinor;
        byPromotion.set(promotionId, cost);
        discounted.add(p.id);
      }
    }
  }
  const scoped = entries.filter((e) => {
    if (query.channel === undefined && query.storeId === undefined) return true;
    const purchaseId = e.purchaseId ?? lots.find((lot) => lot.id === e.lotId)?.purchaseId ?? null;
    const purchase = purchases.find((p) => p.id === purchaseId);
    return purchase !== undefined && inScope(purchase.storeId);
  });
  const sum = (kinds: PostingKind[], to?: string) =>
    scoped
      .filter((e) => inPeriod(e.at) && kinds.includes(e.kind) && (to === undefined || e.to === to))
      .reduce((total, e) => total + e.points, 0);
  const points = {
    accrued: sum(['accrual_pending']),
    bonuses: sum(['welcome_bonus', 'campaign_bonus']),
    takenBack: sum(['reversal_accrual']),
    redeemed: sum(['redemption']),
    restored: sum(['reversal_redemption']),
    expired: sum(['expiry']),
    adjusted: sum(['adjustment'], 'active') - sum(['adjustment'], 'world'),
  };
  const held = (account: string) =>
    scoped
      .filter((e) => e.at < query.to.getTime())
      .reduce(
        (total, e) =>
          total + (e.to === account ? e.points : 0) - (e.from === account ? e.points : 0),
        0,
      );
  const spent = points.redeemed - points.restored;
  const liability = { pending: held('pending'), active: held('active') };
  return {
    ...settings,
    discounts: {
      totalMinor: [...byPromotion.values()].reduce((total, c) => total + c.discountMinor, 0),
      checks: discounted.size,
      byPromotion: [...byPromotion]
        .map(([promotionId, c]) => ({
          promotionId,
          name: promotionId === 'p-gone' ? promotionId : `Promotion ${promotionId}`,
          checks: c.checks.size,
          discountMinor: c.discountMinor,
        }))
        .sort(
          (a, b) => b.discountMinor - a.discountMinor || (a.promotionId < b.promotionId ? -1 : 1),
        ),
    },
    points,
    redeemedMoneyMinor: spent * 150,
    breakageBp: Math.floor((points.expired * 10_000) / (Math.max(0, spent) + points.expired)),
    liability: {
      ...liability,
      points: liability.pending + liability.active,
      moneyMinor: (liability.pending + liability.active) * 150,
    },
  };
}

describe('programme economics on generated books', () => {
  const november = {
    from: new Date('2026-11-01T00:00:00Z'),
    to: new Date('2026-12-01T00:00:00Z'),
  };
  it.each<[string, CheckQuery]>([
    ['the whole programme in November', november],
    ['the offline channel', { ...november, channel: 'offline' }],
    ['the web shop', { ...november, storeId: 'web' }],
    ['one store of a channel', { ...november, channel: 'offline', storeId: 'spb' }],
    ['all three months', { from: new Date(start), to: new Date(start + 92 * day) }],
  ])('matches an independent computation: %s', async (_, query) => {
    const answer = await economics(database.db, query, settings);
    const { from, to, channel, storeId, ...figures } = answer;
    expect({ from, to, channel, storeId }).toEqual({
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      channel: query.channel ?? null,
      storeId: query.storeId ?? null,
    });
    const want = expected(query);
    expect(figures).toEqual(want);
    // The generated books are not trivial: every figure has something to count.
    expect(want.discounts.byPromotion).toHaveLength(3);
    expect(Object.values(want.points).every((points) => points !== 0)).toBe(true);
  });

  it('answers zeros for a period with nothing in it', async () => {
    const answer = await economics(
      database.db,
      { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2020-02-01T00:00:00Z') },
      settings,
    );
    expect(answer.discounts).toEqual({ totalMinor: 0, checks: 0, byPromotion: [] });
    expect(answer.breakageBp).toBe(0);
    expect(answer.liability).toEqual({ pending: 0, active: 0, points: 0, moneyMinor: 0 });
  });
});
