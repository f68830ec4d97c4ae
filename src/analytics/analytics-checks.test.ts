import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsServer } from '../api/routes/analytics-test-kit.ts';
import type { TestServer } from '../api/test-server.ts';
import { type CohortCount, cohortsFromCounts, countCohorts } from './cohort-counts.ts';
import { bucketSums, foldAnalyticsDays } from './day-sums.ts';

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

/** Each customer's first counted check and check times as kept, and as the kept checks give them. */
async function firstChecks(): Promise<[unknown[], unknown[]]> {
  const { rows: kept } = await sql`
    SELECT customer_id, first_at, offline_at, online_at FROM analytics_customers
    ORDER BY customer_id`.execute(server.db);
  const { rows: counted } = await sql`
    SELECT customer_id, min(business_at) AS first_at,
      coalesce(array_agg(business_at ORDER BY business_at) FILTER (WHERE channel = 'offline'),
        '{}') AS offline_at,
      coalesce(array_agg(business_at ORDER BY business_at) FILTER (WHERE channel = 'online'),
        '{}') AS online_at
    FROM analytics_checks
    WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY customer_id`.execute(server.db);
  return [kept, counted];
}

/**
 * The day and hour sums as kept (every slot of a day or hour together), and as the kept checks
 * give them.
 */
async function daySums(): Promise<[unknown[], unknown[]]> {
  const kept = [];
  const counted = [];
  for (const [table, bucket] of [
    [sql`analytics_days`, sql`day::timestamp AT TIME ZONE 'UTC'`],
    [sql`analytics_hours`, sql`hour`],
  ]) {
    const { rows } = await sql`
      SELECT ${bucket} AS bucket, store_id, channel, sum(checks)::text AS checks,
        sum(identified_checks)::text AS identified, sum(revenue_minor)::text AS revenue,
        sum(items)::text AS items
      FROM ${table} GROUP BY 1, 2, 3
      HAVING sum(checks) <> 0 OR sum(identified_checks) <> 0 OR sum(revenue_minor) <> 0
        OR sum(items) <> 0
      ORDER BY 1, 2, 3`.execute(server.db);
    kept.push(...rows);
  }
  for (const bucket of [
    sql`date_trunc('day', business_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
    sql`date_trunc('hour', business_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
  ]) {
    const { rows } = await sql`
      SELECT ${bucket} AS bucket, store_id, channel, count(*)::text AS checks,
        count(customer_id)::text AS identified, sum(revenue_minor)::text AS revenue,
        sum(items)::text AS items
      FROM analytics_checks GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(server.db);
    counted.push(...rows);
  }
  return [kept, counted];
}

/**
 * Each customer's purchase-day running totals as kept (migration 0041; emptied rows left out),
 * and as `customer_purchase_days` gives them.
 */
async function purchaseTotals(): Promise<[unknown[], unknown[]]> {
  const { rows: kept } = await sql`
    SELECT customer_id, days::text[], purchases::text[], spent_minor::text[]
    FROM customer_purchase_totals WHERE cardinality(days) > 0
    ORDER BY customer_id`.execute(server.db);
  const { rows: counted } = await sql`
    SELECT customer_id, array_agg(day::text ORDER BY day) AS days,
      array_agg(p::text ORDER BY day) AS purchases, array_agg(s::text ORDER BY day) AS spent_minor
    FROM (SELECT customer_id, day, sum(purchase_count) OVER w AS p, sum(spent_minor) OVER w AS s
      FROM customer_purchase_days WINDOW w AS (PARTITION BY customer_id ORDER BY day)) d
    GROUP BY customer_id ORDER BY customer_id`.execute(server.db);
  return [kept, counted];
}

/**
 * Cohorts over every month, per channel view, from the kept counts (corrected for the customers
 * marked since they were counted) and as docs/analytics.md's query gives them from the checks.
 */
async function cohortCounts(
  timeZone = 'Europe/Moscow',
): Promise<[(CohortCount[] | null)[], CohortCount[][]]> {
  const kept = [];
  const counted = [];
  for (const channel of [undefined, 'offline', 'online'] as const) {
    // A period of whole months in the zone, so the counts may answer it.
    const [from, to] = (
      await sql<{ from: Date; to: Date }>`
        SELECT ${'1900-01-01'}::timestamp AT TIME ZONE ${timeZone} AS from,
          ${'2200-01-01'}::timestamp AT TIME ZONE ${timeZone} AS to`.execute(server.db)
    ).rows.map((row) => [row.from, row.to])[0] as [Date, Date];
    kept.push(await cohortsFromCounts(server.db, { from, to, channel }, timeZone));
    const { rows } = await sql<CohortCount>`
      WITH scoped AS (
        SELECT customer_id, business_at FROM analytics_checks
        WHERE customer_id IS NOT NULL AND (${channel ?? null}::text IS NULL
          OR channel = ${channel ?? null})),
      firsts AS (SELECT customer_id, min(business_at) AS first_at FROM scoped GROUP BY 1),
      activity AS (SELECT DISTINCT customer_id,
        to_char(business_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month FROM scoped)
      SELECT to_char(f.first_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS cohort, a.month,
        count(*)::int AS customers
      FROM firsts f JOIN activity a USING (customer_id)
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(server.db);
    counted.push(rows);
  }
  return [kept, counted];
}

const marked = async () =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_cohort_dirty`.execute(server.db))
      .rows[0]?.n,
  );

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
    const [days, summed] = await daySums();
    // Ten checks on ten days, each in its own hour.
    expect(days).toHaveLength(20);
    expect(days).toEqual(summed);
    const [totals, running] = await purchaseTotals();
    expect(totals).toHaveLength(4);
    expect(totals).toEqual(running);
    // No zone is counted in until the job's first run, which marks and counts everyone.
    expect((await cohortCounts())[0]).toEqual([null, null, null]);
    expect(await countCohorts(server.db, 'Europe/Moscow')).toEqual({ counted: 4, restarted: 1 });
    expect(await marked()).toBe(0);
    const [cohorts, fromChecks] = await cohortCounts();
    // A in October 2025; B and C in November 2026 (C's return-free purchase, B's import); D in
    // January: each cohort active in its own month at least.
    expect(fromChecks[0]?.filter((row) => row.cohort === row.month)).toHaveLength(
      new Set(fromChecks[0]?.map((row) => row.cohort)).size,
    );
    expect(cohorts).toEqual(fromChecks);
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
    expect(firsts).toContainEqual(
      expect.objectContaining({
        customer_id: survivor,
        first_at: new Date('2026-01-15T09:00:00Z'),
      }),
    );
    expect(firsts).toEqual(counted);
    const [days, summed] = await daySums();
    expect(days).toEqual(summed);
    // The returns took money off the buyer's day, the merge moved their days to the survivor.
    const [totals, running] = await purchaseTotals();
    expect(totals).toHaveLength(3);
    expect(totals).toEqual(running);
    const { rows: emptied } = await sql`
      SELECT days FROM customer_purchase_totals WHERE customer_id = ${merged}`.execute(server.db);
    expect(emptied).toEqual([{ days: [] }]);
    // The new buyer, then the merge's two customers and the store's: marked, not yet counted,
    // and the counts answer exactly all the same.
    expect(await marked()).toBeGreaterThanOrEqual(2);
    const [before, fromChecks] = await cohortCounts();
    expect(before).toEqual(fromChecks);
    const run = await countCohorts(server.db, 'Europe/Moscow');
    expect(run.counted).toBeGreaterThanOrEqual(2);
    expect(await marked()).toBe(0);
    // The merged customer's months left the counts with them.
    const { rows: members } = await sql`
      SELECT customer_id FROM analytics_cohort_members ORDER BY 1`.execute(server.db);
    expect(members).toEqual(
      (firsts as { customer_id: string }[])
        .map(({ customer_id }) => ({ customer_id }))
        .sort((a, b) => a.customer_id.localeCompare(b.customer_id)),
    );
    const [after] = await cohortCounts();
    expect(after).toEqual(fromChecks);
  });

  it('sum checks exactly over bounds that cut a UTC day, before and after the job folds the slots', async () => {
    // 23:30 and 00:30 in Moscow are 20:30 and 21:30 UTC on 30 November: one UTC day, two months.
    for (const [transactionId, at, price] of [
      ['analytics-edge-nov', '2026-11-30T23:30:00+03:00', 1_000],
      ['analytics-edge-dec', '2026-12-01T00:30:00+03:00', 2_000],
    ] as const) {
      const bought = await server.call('POST', '/v1/purchases', {
        key: server.keys.pos,
        body: {
          storeId: 'msk',
          transactionId,
          at,
          lines: [{ lineId: '1', sku: 'MILK', unitPriceMinor: price, quantity: 1 }],
        },
      });
      expect(bought.status).toBe(201);
    }
    const months = sql`ARRAY['2026-10-01T00:00:00+03:00'::timestamptz,
      '2026-11-01T00:00:00+03:00', '2026-12-01T00:00:00+03:00', '2027-01-01T00:00:00+03:00']`;
    // A bound at 20:45 UTC cuts an hour with a check on either side of it.
    const quarterPast = sql`ARRAY['2026-11-01T00:00:00+03:00'::timestamptz,
      '2026-11-30T20:45:00Z', '2027-01-01T00:00:00+03:00']`;
    const direct = async (bounds: typeof months) =>
      (
        await sql`
        SELECT width_bucket(business_at, ${bounds}) AS bucket, channel, count(*)::text AS checks,
          count(customer_id)::text AS identified, sum(revenue_minor)::text AS revenue,
          sum(items)::text AS items
        FROM analytics_checks
        WHERE width_bucket(business_at, ${bounds}) BETWEEN 1 AND cardinality(${bounds}) - 1
        GROUP BY 1, 2 ORDER BY 1, 2`.execute(server.db)
      ).rows;
    const summed = async (bounds: typeof months) =>
      (
        await sql`
        SELECT bucket, channel, checks::text, identified_checks::text AS identified,
          revenue_minor::text AS revenue, items::text
        FROM (${bucketSums(bounds, {})}) s ORDER BY 1, 2`.execute(server.db)
      ).rows;
    const expected = await direct(months);
    // The anonymous 10.00 at 23:30 is November's, the 20.00 at 00:30 December's.
    expect(expected).toContainEqual({
      bucket: 3,
      channel: 'offline',
      checks: '2',
      identified: '1',
      revenue: '12000',
      items: '2',
    });
    expect(await summed(months)).toEqual(expected);
    const cutHour = await direct(quarterPast);
    // November to 20:45 UTC on the 30th, offline: H1 200.00 (2), H3 25.00 (1), H4 300.00 (3,
    // anonymous), C's 100.00 (2), the purchase in the store moved offline 37.50 (4) and the
    // anonymous 10.00 at 23:30 (1); the 00:30 one is December's.
    expect(cutHour).toContainEqual({
      bucket: 1,
      channel: 'offline',
      checks: '6',
      identified: '4',
      revenue: '67250',
      items: '13',
    });
    expect(await summed(quarterPast)).toEqual(cutHour);

    const slots = async () =>
      Number(
        (
          await sql<{
            n: string;
          }>`SELECT (SELECT count(*) FROM analytics_days WHERE slot <> 0)
            + (SELECT count(*) FROM analytics_hours WHERE slot <> 0) AS n`.execute(server.db)
        ).rows[0]?.n,
      );
    const written = await slots();
    expect(written).toBeGreaterThan(0);
    expect(await foldAnalyticsDays(server.db, '2027-01-01')).toBe(written);
    expect(await slots()).toBe(0);
    const [days, counted] = await daySums();
    expect(days).toEqual(counted);
    expect(await summed(months)).toEqual(expected);
    expect(await summed(quarterPast)).toEqual(cutHour);
  });
});

describe('the check times kept per customer', () => {
  it('take one of two equal times, and keep both of two imports writing one customer at once', async () => {
    const { rows } = await sql<{ left: Date[] }>`
      SELECT analytics_times_minus(
        ARRAY['2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z', '2026-11-02T10:00:00Z']::timestamptz[],
        ARRAY['2026-11-01T10:00:00Z']::timestamptz[]) AS left`.execute(server.db);
    expect(rows[0]?.left).toEqual([
      new Date('2026-11-01T10:00:00Z'),
      new Date('2026-11-02T10:00:00Z'),
    ]);
    const phone = '+79120000099';
    const created = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'phone', value: phone }] },
    });
    expect(created.status).toBe(201);
    // Imports take no account lock: on PostgreSQL these run on separate connections at once.
    const imported = await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        server.call('POST', '/v1/history/checks', {
          body: {
            lines: [
              {
                checkId: `P${k}`,
                // Two pairs share an instant.
                at: `2026-10-0${1 + (k % 6)}T12:00:00+03:00`,
                storeId: k % 2 === 0 ? 'msk' : 'web',
                customer: { phone },
                sku: 'MILK',
                quantityMilli: 1000,
                priceMinor: 1_000,
                paidMinor: 1_000,
              },
            ],
          },
        }),
      ),
    );
    expect(imported.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const [firsts, counted] = await firstChecks();
    const theirs = firsts.find(
      (row) => (row as { customer_id: string }).customer_id === created.body.id,
    );
    expect(theirs).toMatchObject({ first_at: new Date('2026-10-01T09:00:00Z') });
    const times = theirs as { offline_at: Date[]; online_at: Date[] };
    expect(times.offline_at.length + times.online_at.length).toBe(8);
    expect(firsts).toEqual(counted);
    // Eight checks of 10.00 on six days, two days with two: both writers of a day landed.
    const [totals, running] = await purchaseTotals();
    expect(totals).toContainEqual({
      customer_id: created.body.id,
      days: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06'],
      purchases: ['2', '4', '5', '6', '7', '8'],
      spent_minor: ['2000', '4000', '5000', '6000', '7000', '8000'],
    });
    expect(totals).toEqual(running);
    const [cohorts, fromChecks] = await cohortCounts();
    expect(cohorts).toEqual(fromChecks);
  });

  it('count cohorts exactly while imports write, and again from scratch in a new zone', async () => {
    const phones = ['+79120000097', '+79120000098'];
    for (const phone of phones) {
      const created = await server.call('POST', '/v1/customers', {
        body: { identifiers: [{ kind: 'phone', value: phone }] },
      });
      expect(created.status).toBe(201);
    }
    // A check on the last evening of 1969 in Moscow, before the month starts the counts keep:
    // its month is read from the wall clock (December 1969; January 1970 in Vladivostok).
    const early = await server.call('POST', '/v1/history/checks', {
      body: {
        lines: [
          {
            checkId: 'Q-1969',
            at: '1969-12-31T20:30:00Z',
            storeId: 'msk',
            customer: { phone: phones[0] },
            sku: 'MILK',
            quantityMilli: 1000,
            priceMinor: 1_000,
            paidMinor: 1_000,
          },
        ],
      },
    });
    expect(early.status).toBe(200);
    // Two customers' checks land while the job counts: whichever way they interleave, the
    // counts answer what the checks say, then and after the next run.
    const [imported] = await Promise.all([
      Promise.all(
        Array.from({ length: 6 }, (_, k) =>
          server.call('POST', '/v1/history/checks', {
            body: {
              lines: [
                {
                  checkId: `Q${k}`,
                  at: k < 2 ? '2026-09-30T23:30:00+03:00' : `2026-10-1${k}T23:30:00+03:00`,
                  storeId: k % 2 === 0 ? 'msk' : 'web',
                  customer: { phone: phones[k % 2] },
                  sku: 'MILK',
                  quantityMilli: 1000,
                  priceMinor: 1_000,
                  paidMinor: 1_000,
                },
              ],
            },
          }),
        ),
      ),
      countCohorts(server.db, 'Europe/Moscow'),
      countCohorts(server.db, 'Europe/Moscow'),
    ]);
    expect(imported.map((answer) => answer.status)).toEqual(Array(6).fill(200));
    const [during, fromChecks] = await cohortCounts();
    expect(fromChecks[0]?.[0]).toEqual({ cohort: '1969-12', month: '1969-12', customers: 1 });
    expect(during).toEqual(fromChecks);
    await countCohorts(server.db, 'Europe/Moscow');
    expect(await marked()).toBe(0);
    expect((await cohortCounts())[0]).toEqual(fromChecks);

    // 23:30 in Moscow is 06:30 the next day in Vladivostok: both customers' first checks, on
    // 30 September, are October's there.
    expect((await cohortCounts('Asia/Vladivostok'))[0]).toEqual([null, null, null]);
    const { counted, restarted } = await countCohorts(server.db, 'Asia/Vladivostok');
    expect(restarted).toBe(1);
    const [east, eastFromChecks] = await cohortCounts('Asia/Vladivostok');
    expect(counted).toBe(
      Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_customers`.execute(server.db))
          .rows[0]?.n,
      ),
    );
    expect(eastFromChecks[0]?.[0]).toEqual({ cohort: '1970-01', month: '1970-01', customers: 1 });
    expect(east).toEqual(eastFromChecks);
    expect(eastFromChecks).not.toEqual(fromChecks);
    await countCohorts(server.db, 'Europe/Moscow');
    expect((await cohortCounts())[0]).toEqual(fromChecks);
  });

  it('leave a period to the check times when it cuts a month with an identified check in the part cut off', async () => {
    const query = {
      from: new Date('2026-10-01T00:00:00+03:00'),
      to: new Date('2026-12-01T00:00:00+03:00'),
    };
    expect(await cohortsFromCounts(server.db, query, 'Europe/Moscow')).not.toBeNull();
    // The imports above bought on 1–6 October.
    const cut = { ...query, from: new Date('2026-10-11T00:00:00+03:00') };
    expect(await cohortsFromCounts(server.db, cut, 'Europe/Moscow')).toBeNull();
    // Cut where nobody identified bought: the same months, from the counts.
    const quiet = { ...query, from: new Date('2026-10-01T00:00:01+03:00') };
    expect(await cohortsFromCounts(server.db, quiet, 'Europe/Moscow')).toEqual(
      await cohortsFromCounts(server.db, query, 'Europe/Moscow'),
    );
  });
});
