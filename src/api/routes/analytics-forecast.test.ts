import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;

// Known answers: 27 months of a till's revenue that is exactly a line plus a yearly pattern, so
// Holt–Winters forecasts it exactly; one web-shop check in the last month.
const pattern = [-3_000, -4_000, -1_000, 0, 1_000, 2_000, -2_000, -3_000, 0, 1_000, 2_000, 7_000];
const first = { year: 2024, month: 9 };
const monthOf = (t: number) => {
  const n = first.year * 12 + first.month - 1 + t;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
};
// Revenue of month t: 500 ₽ + 2 ₽ a month + the month's place in the year (September first).
const revenueOf = (t: number) => 50_000 + 200 * t + (pattern[(t + 8) % 12] as number);

beforeAll(async () => {
  server = await startTestServer();
  for (const [id, channel] of [
    ['msk', 'pos'],
    ['web', 'web'],
  ]) {
    await server.call('PUT', `/v1/stores/${id}`, {
      body: { name: id, region: 'Moscow', timeZone: 'Europe/Moscow', channel },
    });
  }
  const lines = Array.from({ length: 27 }, (_, t) => ({
    checkId: `F${t}`,
    // The first hour of each month in Moscow: still the month before in UTC.
    at: `${monthOf(t)}-01T00:30:00+03:00`,
    storeId: 'msk',
    sku: 'MILK',
    quantityMilli: 1000,
    priceMinor: revenueOf(t),
    paidMinor: revenueOf(t),
  }));
  lines.push({
    checkId: 'W1',
    at: '2026-11-15T12:00:00+03:00',
    storeId: 'web',
    sku: 'MILK',
    quantityMilli: 1000,
    priceMinor: 1_000,
    paidMinor: 1_000,
  });
  // December's check is in the month of `at`, not whole yet: left out.
  lines.push({ ...lines[0], checkId: 'DEC', at: '2026-12-02T12:00:00+03:00' } as never);
  const imported = await server.call('POST', '/v1/history/checks', { body: { lines } });
  expect(imported.body).toMatchObject({ checks: 29, created: 29 });
});
afterAll(() => server?.close());

const at = encodeURIComponent('2026-12-06T12:00:00+03:00');

describe('GET /v1/analytics/forecast', () => {
  it('forecasts a line plus a yearly pattern exactly, and its backtest misses nothing', async () => {
    const answer = await server.call('GET', `/v1/analytics/forecast?at=${at}&channel=offline`, {
      key: server.keys.analyst,
    });
    expect(answer.status).toBe(200);
    const body = answer.body;
    expect([body.timeZone, body.method]).toEqual(['Europe/Moscow', 'holt-winters-additive']);
    expect(body.history).toHaveLength(27);
    expect(body.history[0]).toEqual({ month: '2024-09', revenueMinor: revenueOf(0) });
    expect(body.history.at(-1)).toEqual({ month: '2026-11', revenueMinor: revenueOf(26) });
    expect(body.backtest).toEqual({
      months: [24, 25, 26].map((t) => ({
        month: monthOf(t),
        actualMinor: revenueOf(t),
        forecastMinor: revenueOf(t),
      })),
      mapeBp: 0,
    });
    const expected = Array.from({ length: 12 }, (_, i) => revenueOf(27 + i));
    expect(body.forecast.map((f: { month: string }) => f.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => monthOf(27 + i)),
    );
    expect(body.forecast.map((f: { revenueMinor: number }) => f.revenueMinor)).toEqual(expected);
    // December 2026: 500 ₽ + 27 × 2 ₽ + 70 ₽.
    expect(body.forecast[0]).toEqual({
      month: '2026-12',
      revenueMinor: 62_400,
      lowMinor: 62_400,
      highMinor: 62_400,
    });
  });

  it('counts every channel unless told, and forecasts nothing from one month', async () => {
    const all = await server.call('GET', `/v1/analytics/forecast?at=${at}`, {
      key: server.keys.analyst,
    });
    expect(all.body.history.at(-1)).toEqual({
      month: '2026-11',
      revenueMinor: revenueOf(26) + 1_000,
    });
    const online = await server.call('GET', `/v1/analytics/forecast?at=${at}&channel=online`, {
      key: server.keys.analyst,
    });
    expect(online.body).toEqual({
      timeZone: 'Europe/Moscow',
      method: null,
      smoothing: null,
      history: [{ month: '2026-11', revenueMinor: 1_000 }],
      backtest: null,
      forecast: [],
    });
  });

  it('answers CSV: the history with its backtest, then the forecast with its band', async () => {
    const csv = await fetch(
      `${server.baseUrl}/v1/analytics/forecast?at=${at}&channel=offline&format=csv&delimiter=;`,
      { headers: { authorization: `Bearer ${server.keys.analyst}` } },
    );
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r\n/);
    expect(lines[0]).toBe('month;kind;revenue_minor;backtest_minor;low_minor;high_minor');
    expect(lines[1]).toBe(`2024-09;history;${revenueOf(0)};;;`);
    expect(lines[27]).toBe(`2026-11;history;${revenueOf(26)};${revenueOf(26)};;`);
    expect(lines[28]).toBe('2026-12;forecast;62400;;62400;62400');
    expect(lines).toHaveLength(40);
  });

  it('is for analysts and admins, not for a till', async () => {
    const till = await server.call('GET', `/v1/analytics/forecast?at=${at}`, {
      key: server.keys.pos,
    });
    expect(till.status).toBe(403);
  });
});
