import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsServer } from '../api/routes/analytics-test-kit.ts';
import type { TestServer } from '../api/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startAnalyticsServer();
});
afterAll(() => server.close());

interface CheckRow {
  live: boolean;
  id: string;
  customer_id: string | null;
  store_id: string;
  channel: string;
  business_at: Date;
  revenue_minor: string;
  items: string;
}

/** The rows the triggers keep, and the ones docs/analytics.md's query gives from the sources. */
async function keptAndDocumented(): Promise<[CheckRow[], CheckRow[]]> {
  const { rows: kept } = await sql<CheckRow>`
    SELECT live, id, customer_id, store_id, channel, business_at,
      revenue_minor::text, items::text
    FROM analytics_checks ORDER BY live, id`.execute(server.db);
  const { rows: documented } = await sql<CheckRow>`
    SELECT * FROM (
      SELECT true AS live, p.id::text AS id, p.customer_id, p.store_id,
        CASE WHEN s.channel = 'pos' THEN 'offline' ELSE 'online' END AS channel,
        p.business_at,
        (p.total_minor - coalesce((SELECT sum(r.refund_minor) FROM purchase_return_lines r
          WHERE r.purchase_id = p.id), 0))::text AS revenue_minor,
        (SELECT coalesce(sum(CASE WHEN l.weighted THEN 1 ELSE l.quantity END), 0)
          FROM purchase_lines l WHERE l.purchase_id = p.id)::text AS items
      FROM purchases p JOIN stores s ON s.id = p.store_id
      WHERE NOT p.cancelled
      UNION ALL
      SELECT false, h.check_id, h.customer_id, h.store_id, h.channel, h.business_at,
        h.paid_minor::text,
        (SELECT coalesce(sum(CASE WHEN l.quantity_milli % 1000 = 0 THEN l.quantity_milli / 1000
          ELSE 1 END), 0) FROM history_check_lines l WHERE l.check_id = h.check_id)::text
      FROM history_checks h
      WHERE NOT h.outlier
    ) every_check ORDER BY live, id`.execute(server.db);
  return [kept, documented];
}

/** Each customer's first counted check as kept, and as the kept checks give it. */
async function firstChecks(): Promise<[unknown[], unknown[]]> {
  const { rows: kept } = await sql`
    SELECT customer_id, first_at FROM analytics_customers ORDER BY customer_id`.execute(server.db);
  const { rows: counted } = await sql`
    SELECT customer_id, min(business_at) AS first_at FROM analytics_checks
    WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY customer_id`.execute(server.db);
  return [kept, counted];
}

const customerOf = async (phone: string): Promise<string> => {
  const found = await server.call('GET', `/v1/customers/lookup?phone=${encodeURIComponent(phone)}`);
  expect(found.status).toBe(200);
  return found.body.id;
};

describe('the analytics checks kept by triggers', () => {
  it('hold what the documented query gives after purchases, a return and a cancellation', async () => {
    const [kept, documented] = await keptAndDocumented();
    // Nine imported checks and C's purchase; the cancelled purchase has no row.
    expect(kept.filter((row) => !row.live).map((row) => row.id)).toEqual([
      'D1',
      'D2',
      'D3',
      'H0',
      'H1',
      'H2',
      'H3',
      'H4',
      'H5',
    ]);
    const live = kept.filter((row) => row.live);
    // Two milks at 100.00, one returned; both counted as items sold.
    expect(live.map((row) => [row.revenue_minor, row.items])).toEqual([['10000', '2']]);
    expect(kept).toEqual(documented);
    const [firsts, counted] = await firstChecks();
    // A (October), B, C (November, the cancelled purchase left out) and D (January).
    expect(firsts).toHaveLength(4);
    expect(firsts).toEqual(counted);
  });

  it('follow further returns, weighed lines, merges and a store changing its channel', async () => {
    const buyer = '+79120000004';
    const bought = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: {
        storeId: 'web',
        transactionId: 'analytics-kept-1',
        at: '2026-11-25T10:00:00+03:00',
        customer: { phone: buyer },
        lines: [
          { lineId: '1', sku: 'MILK', unitPriceMinor: 10_000, quantity: 3 },
          { lineId: '2', sku: 'BREAD', unitPriceMinor: 5_000, quantityMilli: 750 },
        ],
      },
    });
    expect(bought.status).toBe(201);
    for (const [returnId, quantity] of [
      ['R-kept-1', 1],
      ['R-kept-2', 2],
    ] as const) {
      const returned = await server.call('POST', '/v1/purchases/analytics-kept-1/returns', {
        key: server.keys.pos,
        body: { returnId, lines: [{ lineId: '1', quantity }] },
      });
      expect(returned.status).toBe(201);
    }
    const survivor = await customerOf('+79120000001');
    const merged = await customerOf(buyer);
    const merge = await server.call('POST', `/v1/customers/${survivor}/merge`, {
      body: { mergedId: merged },
    });
    expect(merge.status).toBe(200);
    const moved = await server.call('PUT', '/v1/stores/web', {
      body: { name: 'web', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
    });
    expect(moved.status).toBeLessThan(300);

    const [kept, documented] = await keptAndDocumented();
    const purchase = kept.find((row) => row.live && row.id === bought.body.purchaseId);
    // 3 × 100.00 + 0.75 kg × 50.00 = 337.50, less three milks returned; the weighed line is
    // one item.
    expect(purchase).toMatchObject({
      customer_id: survivor,
      channel: 'offline',
      revenue_minor: '3750',
      items: '4',
    });
    // D's imported checks are the survivor's now.
    expect(kept.filter((row) => row.id.startsWith('D')).map((row) => row.customer_id)).toEqual([
      survivor,
      survivor,
      survivor,
    ]);
    expect(kept).toEqual(documented);
    // The merged customer's first check is the survivor's now, and the merged one has none.
    const [firsts, counted] = await firstChecks();
    expect(firsts).toHaveLength(3);
    expect(firsts).toContainEqual({
      customer_id: survivor,
      first_at: new Date('2026-01-15T09:00:00Z'),
    });
    expect(firsts).toEqual(counted);
  });
});
