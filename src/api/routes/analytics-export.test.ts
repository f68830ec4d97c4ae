import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../test-server.ts';
import { november, startAnalyticsServer } from './analytics-test-kit.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startAnalyticsServer();
});
afterAll(() => server.close());

const get = (path: string, query: Record<string, string>, headers?: Record<string, string>) =>
  server.call('GET', `/v1/analytics/${path}?${new URLSearchParams(query)}`, {
    key: server.keys.analyst,
    ...(headers ? { headers } : {}),
  });

/** The CSV answer's content type and text, its byte order mark kept (fetch's text() drops it). */
async function csvOf(path: string, query: Record<string, string>, accept?: string) {
  const response = await fetch(
    `${server.baseUrl}/v1/analytics/${path}?${new URLSearchParams(query)}`,
    {
      headers: {
        authorization: `Bearer ${server.keys.analyst}`,
        ...(accept ? { accept } : {}),
      },
    },
  );
  expect(response.status).toBe(200);
  const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { contentType: response.headers.get('content-type'), body };
}

describe('programme economics', () => {
  it('counts the points of November and what customers hold on December 1', async () => {
    const answer = await get('economics', november);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      from: '2026-10-31T21:00:00.000Z',
      to: '2026-11-30T21:00:00.000Z',
      channel: null,
      storeId: null,
      currency: 'RUB',
      pointValueMinor: 100,
      // No promotion ran.
      discounts: { totalMinor: 0, checks: 0, byPromotion: [] },
      // 3% of C's 200.00 (6) and of B's 500.00 (15, cancelled later): the return and the cancel
      // take points back today, after November.
      points: {
        accrued: 21,
        bonuses: 0,
        takenBack: 0,
        redeemed: 0,
        restored: 0,
        expired: 0,
        adjusted: 0,
      },
      redeemedMoneyMinor: 0,
      breakageBp: 0,
      // Both lots wait out the 14-day return period (to December 5 and 6).
      liability: { pending: 21, active: 0, points: 21, moneyMinor: 2_100 },
    });
    // To the end of the century: 3 taken back for C's returned milk, all 15 of B's; C keeps 3.
    const all = await get('economics', { from: november.from, to: '2100-01-01T00:00:00Z' });
    expect(all.body.points).toMatchObject({ accrued: 21, takenBack: 18 });
    expect(all.body.liability).toEqual({ pending: 0, active: 3, points: 3, moneyMinor: 300 });
    const online = await get('economics', { ...november, channel: 'online' });
    expect(online.body.points.accrued).toBe(0);
    expect(online.body.liability).toEqual({ pending: 0, active: 0, points: 0, moneyMinor: 0 });
  });
});

describe('the RFM distribution', () => {
  it('scores the customers of the year to a day, and refuses a day that does not exist', async () => {
    const answer = await get('rfm', { at: '2026-12-01' });
    expect(answer.status).toBe(200);
    // A (Oct 10, Nov 2, Nov 5), B (Nov 10), C (Nov 20) and D (Jan 15, Feb 20, Apr 1) bought in
    // the year to December 1; B's December check and the cancelled purchase do not count.
    expect(answer.body.customers).toBe(4);
    expect(answer.body.churn).toEqual({ factor: 2, assessed: 2, atRisk: 1, oneDay: 2 });
    const bad = await get('rfm', { at: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_date', field: '/at' });
  });
});

describe('CSV export', () => {
  it('writes the overview as a table when asked by format=csv', async () => {
    const answer = await csvOf('overview', { ...november, format: 'csv' });
    expect(answer.contentType).toBe('text/csv; charset=utf-8');
    expect(answer.body).toBe(
      '\uFEFFscope,checks,identified_checks,identified_share_bp,revenue_minor,' +
        'average_check_minor,items,items_per_check,customers,new_customers,loyal_customers,' +
        'one_time_customers,frequency\r\n' +
        'total,5,4,8000,67500,13500,9,1.8,3,2,1,2,1.33\r\n' +
        'offline,4,3,7500,62500,15625,8,2,3,2,0,3,1\r\n' +
        'online,1,1,10000,5000,5000,1,1,1,0,0,1,1\r\n',
    );
  });

  it('answers CSV to Accept: text/csv, with semicolons when asked', async () => {
    const answer = await csvOf(
      'cohorts',
      { from: '2026-10-01T00:00:00+03:00', to: '2026-12-05T00:00:00+03:00', delimiter: ';' },
      'text/csv',
    );
    expect(answer.contentType).toBe('text/csv; charset=utf-8');
    expect(answer.body).toBe(
      '\uFEFFcohort;customers;month_0;month_1;month_2\r\n2026-10;1;1;1;0\r\n2026-11;2;2;1;\r\n',
    );
  });

  it('exports each answer: repeat purchases, economics and RFM', async () => {
    const repeat = await csvOf('repeat-purchases', {
      ...november,
      maxPurchases: '3',
      format: 'csv',
    });
    expect(repeat.body).toBe(
      '\uFEFFpurchases,within_1_months,within_2_months,within_3_months,within_6_months,' +
        'within_12_months\r\n2,1,1,1,1,1\r\n3,0,0,0,0,0\r\n',
    );
    const economics = await csvOf('economics', { ...november, format: 'csv' });
    expect(economics.body.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFfigure,promotion_id,promotion_name,checks,value',
      'discount_minor,,,0,0',
      'points_accrued,,,,21',
    ]);
    expect(economics.body).toContain('\r\nliability_minor,,,,2100\r\n');
    const rfm = await csvOf('rfm', { at: '2026-12-01', format: 'csv' });
    const lines = rfm.body.split('\r\n');
    expect(lines[0]).toBe('\uFEFFgroup,key,customers');
    expect(lines).toHaveLength(1 + 25 + 5 + 10 + 3 + 1);
    expect(lines).toContain('churn,at_risk,1');
  });

  it('answers JSON as before to a JSON Accept header', async () => {
    const answer = await get('overview', november, { accept: 'application/json' });
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body.total.checks).toBe(5);
  });
});
