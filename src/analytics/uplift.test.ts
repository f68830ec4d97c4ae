import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdoutBucket } from '../promotions/holdout.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { uplift } from './uplift.ts';

let database: TestDatabase;
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };

// 20 customers of the VIP segment; customer i makes (i mod 4) checks in November of
// 1 000 + 100·i + 10·k kopecks (k = 0, 1, …): customers 4, 8, … buy nothing and count as zeros.
// Customer 21 buys but is not a VIP (outside the audience); customer 22 is a VIP merged into 1.
const checks: { customer: number; at: string; paidMinor: number; outlier?: boolean }[] = [];
for (let i = 1; i <= 20; i++) {
  for (let k = 0; k < i % 4; k++) {
    checks.push({
      customer: i,
      at: `2026-11-${10 + k}T12:00:00Z`,
      paidMinor: 1000 + 100 * i + 10 * k,
    });
  }
}
checks.push({ customer: 21, at: '2026-11-05T12:00:00Z', paidMinor: 99_999 });
// Outside the period, and an outlier: neither counts.
checks.push({ customer: 1, at: '2026-12-01T00:00:00Z', paidMinor: 50_000 });
checks.push({ customer: 2, at: '2026-11-20T12:00:00Z', paidMinor: 70_000, outlier: true });

const definition = (holdoutShareBp: number) => ({
  id: 'vip-10',
  name: 'VIP −10%',
  status: 'active',
  audience: { segmentIds: ['vip'], anonymousAllowed: false },
  stacking: { groupId: 'default', priority: 0, exclusive: false },
  mechanic: { kind: 'percent-off', scope: {}, percentBp: 1000 },
  holdoutShareBp,
});

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await sql`INSERT INTO stores (id, name, region, time_zone, channel)
    VALUES ('msk', 'msk', 'RU', 'Europe/Moscow', 'pos')`.execute(db);
  for (let i = 1; i <= 22; i++)
    await sql`INSERT INTO customers (id) VALUES (${uuid(i)})`.execute(db);
  await sql`UPDATE customers SET merged_into = ${uuid(1)} WHERE id = ${uuid(22)}`.execute(db);
  await sql`INSERT INTO segments (id, name, kind) VALUES ('vip', 'VIP', 'static')`.execute(db);
  for (const i of [...Array.from({ length: 20 }, (_, k) => k + 1), 22]) {
    await sql`INSERT INTO segment_members (segment_id, customer_id) VALUES ('vip', ${uuid(i)})`.execute(
      db,
    );
  }
  for (const [n, c] of checks.entries()) {
    await sql`INSERT INTO history_checks (check_id, content_hash, store_id, channel, business_at,
        customer_id, line_count, quantity_milli, total_minor, discount_minor, paid_minor, outlier)
      VALUES (${`K${n}`}, 'h', 'msk', 'offline', ${c.at}, ${uuid(c.customer)}, 1, 1000,
        ${c.paidMinor}, 0, ${c.paidMinor}, ${c.outlier ?? false})`.execute(db);
    // With its line, as an import writes it: analytics counts a check when its lines arrive.
    await sql`INSERT INTO history_check_lines (check_id, line_no, sku, quantity_milli, price_minor,
        discount_minor, paid_minor)
      VALUES (${`K${n}`}, 1, 'MILK', 1000, ${c.paidMinor}, 0, ${c.paidMinor})`.execute(db);
  }
  await sql`INSERT INTO promotions (id, status, definition, revision)
    VALUES ('vip-10', 'active', ${JSON.stringify(definition(5000))}, 1)`.execute(db);
}, 300_000);
afterAll(() => database.close());

/** Each VIP's November revenue and checks, as the hand data above gives them. */
function perCustomer(i: number) {
  const mine = checks.filter(
    (c) => c.customer === i && !c.outlier && c.at >= '2026-11-01' && c.at < '2026-12-01',
  );
  return { revenue: mine.reduce((s, c) => s + c.paidMinor, 0), purchases: mine.length };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
/** Sample (n − 1) covariance; the variance is covariance with itself. */
const cov = (xs: number[], ys: number[]) => {
  const mx = mean(xs);
  const my = mean(ys);
  return xs.reduce((s, x, k) => s + (x - mx) * ((ys[k] as number) - my), 0) / (xs.length - 1);
};
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

describe('uplift of a control group', () => {
  it('splits the audience by the hash and gives each difference with its 95% interval', async () => {
    const vips = Array.from({ length: 20 }, (_, k) => k + 1);
    const heldOutIds = vips.filter((i) => holdoutBucket('vip-10', uuid(i)) < 5000);
    const treatedIds = vips.filter((i) => !heldOutIds.includes(i));
    // With these ids both groups have customers who bought and customers who did not.
    expect([treatedIds.length, heldOutIds.length].every((n) => n >= 5)).toBe(true);
    const group = (ids: number[]) => {
      const revenue = ids.map((i) => perCustomer(i).revenue);
      const purchases = ids.map((i) => perCustomer(i).purchases);
      const sumR = revenue.reduce((s, x) => s + x, 0);
      const sumP = purchases.reduce((s, x) => s + x, 0);
      const r = sumR / sumP;
      const pBar = mean(purchases);
      return {
        n: ids.length,
        sumR,
        sumP,
        meanR: mean(revenue),
        meanP: pBar,
        ratio: r,
        varMeanR: cov(revenue, revenue) / ids.length,
        varMeanP: cov(purchases, purchases) / ids.length,
        varRatio:
          (cov(revenue, revenue) -
            2 * r * cov(revenue, purchases) +
            r * r * cov(purchases, purchases)) /
          (ids.length * pBar * pBar),
      };
    };
    const t = group(treatedIds);
    const h = group(heldOutIds);
    const z = 1.959963984540054;
    const diff = (a: number, b: number, variance: number, d: number) => ({
      difference: round(a - b, d),
      low: round(a - b - z * Math.sqrt(variance), d),
      high: round(a - b + z * Math.sqrt(variance), d),
      relative: round((a - b) / b, 4),
    });
    const answer = await uplift(database.db, { promotionId: 'vip-10', ...period });
    expect(answer).toEqual({
      promotionId: 'vip-10',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      holdoutShareBp: 5000,
      treated: {
        customers: t.n,
        purchases: t.sumP,
        revenueMinor: t.sumR,
        revenuePerCustomerMinor: round(t.meanR, 2),
        purchasesPerCustomer: round(t.meanP, 4),
        averageCheckMinor: round(t.ratio, 2),
      },
      heldOut: {
        customers: h.n,
        purchases: h.sumP,
        revenueMinor: h.sumR,
        revenuePerCustomerMinor: round(h.meanR, 2),
        purchasesPerCustomer: round(h.meanP, 4),
        averageCheckMinor: round(h.ratio, 2),
      },
      revenuePerCustomerMinor: diff(t.meanR, h.meanR, t.varMeanR + h.varMeanR, 2),
      purchasesPerCustomer: diff(t.meanP, h.meanP, t.varMeanP + h.varMeanP, 4),
      averageCheckMinor: diff(t.ratio, h.ratio, t.varRatio + h.varRatio, 2),
    });
    // Every VIP is in one group, the merged one and the outsider in none: 13 treated with 23
    // checks worth 504.70, 7 held out with 7 checks worth 107.30.
    expect([t.n, t.sumP, t.sumR, h.n, h.sumP, h.sumR]).toEqual([13, 23, 50_470, 7, 7, 10_730]);
  });

  it('has no held-out group and no differences without a control group', async () => {
    const { db } = database;
    await sql`UPDATE promotions SET definition = ${JSON.stringify(definition(0))}
      WHERE id = 'vip-10'`.execute(db);
    const answer = await uplift(db, { promotionId: 'vip-10', ...period });
    expect(answer.heldOut).toEqual({
      customers: 0,
      purchases: 0,
      revenueMinor: 0,
      revenuePerCustomerMinor: null,
      purchasesPerCustomer: null,
      averageCheckMinor: null,
    });
    expect(answer.treated.customers).toBe(20);
    const none = { difference: null, low: null, high: null, relative: null };
    expect(answer.revenuePerCustomerMinor).toEqual(none);
    expect(answer.averageCheckMinor).toEqual(none);
    await sql`UPDATE promotions SET definition = ${JSON.stringify(definition(5000))}
      WHERE id = 'vip-10'`.execute(db);
  });

  it('refuses an unknown promotion', async () => {
    await expect(uplift(database.db, { promotionId: 'nope', ...period })).rejects.toMatchObject({
      code: 'promotion_not_found',
    });
  });
});
