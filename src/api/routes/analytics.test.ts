import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../test-server.ts';
import { november, startAnalyticsServer } from './analytics-test-kit.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startAnalyticsServer();
});
afterAll(() => server.close());

const overviewOf = async (query: Record<string, string>) => {
  const answer = await server.call('GET', `/v1/analytics/overview?${new URLSearchParams(query)}`);
  expect(answer.status).toBe(200);
  return answer.body;
};

const none = {
  checks: 0,
  identifiedChecks: 0,
  identifiedShareBp: 0,
  revenueMinor: 0,
  averageCheckMinor: 0,
  items: 0,
  itemsPerCheck: 0,
  customers: 0,
  newCustomers: 0,
  loyalCustomers: 0,
  oneTimeCustomers: 0,
  frequency: 0,
};
// H2: A's bread on the web shop.
const online = {
  checks: 1,
  identifiedChecks: 1,
  identifiedShareBp: 10_000,
  revenueMinor: 5_000,
  averageCheckMinor: 5_000,
  items: 1,
  itemsPerCheck: 1,
  customers: 1,
  newCustomers: 0,
  loyalCustomers: 0,
  oneTimeCustomers: 1,
  frequency: 1,
};

describe('the analytics overview', () => {
  it('counts customers, checks and revenue of a period, overall and per channel', async () => {
    const report = await overviewOf(november);
    expect(report.total).toEqual({
      // H1, H2, H3, H4 and C's purchase; H0 and H5 are outside, the cancelled one nowhere.
      checks: 5,
      identifiedChecks: 4,
      identifiedShareBp: 8_000,
      // 200.00 + 50.00 + 25.00 + 300.00 + (200.00 − 100.00 returned).
      revenueMinor: 67_500,
      averageCheckMinor: 13_500,
      // 2 + 1 + 1 (weighed) + 3 + 2.
      items: 9,
      itemsPerCheck: 1.8,
      // A, B and C; B and C bought first in November; A twice.
      customers: 3,
      newCustomers: 2,
      loyalCustomers: 1,
      oneTimeCustomers: 2,
      frequency: 1.33,
    });
    expect(report.byChannel.offline).toEqual({
      checks: 4,
      identifiedChecks: 3,
      identifiedShareBp: 7_500,
      revenueMinor: 62_500,
      averageCheckMinor: 15_625,
      items: 8,
      itemsPerCheck: 2,
      customers: 3,
      newCustomers: 2,
      // A bought once offline and once online: loyal overall, one-time in each channel.
      loyalCustomers: 0,
      oneTimeCustomers: 3,
      frequency: 1,
    });
    expect(report.byChannel.online).toEqual(online);
  });

  it('narrows to a channel or a store', async () => {
    const web = await overviewOf({ ...november, channel: 'online' });
    expect(web).toMatchObject({ channel: 'online', storeId: null, total: online });
    expect(web.byChannel).toEqual({ offline: none, online });
    const store = await overviewOf({ ...november, storeId: 'web' });
    expect(store.total).toEqual(online);
    const nowhere = await overviewOf({ ...november, storeId: 'spb' });
    expect(nowhere.total).toEqual(none);
  });

  it('refuses a period that ends before it starts, and a key that may not read figures', async () => {
    const backwards = await server.call(
      'GET',
      `/v1/analytics/overview?${new URLSearchParams({ from: november.to, to: november.from })}`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ code: 'invalid_period', field: '/to' });
    const till = await server.call(
      'GET',
      `/v1/analytics/overview?${new URLSearchParams(november)}`,
      { key: server.keys.pos },
    );
    expect(till.status).toBe(403);
  });
});

const repeatOf = async (query: Record<string, string>) => {
  const answer = await server.call(
    'GET',
    `/v1/analytics/repeat-purchases?${new URLSearchParams(query)}`,
  );
  expect(answer.status).toBe(200);
  return answer.body;
};

describe('the repeat-purchase chart', () => {
  it('counts customers with 2, 3, … checks within 1, 2, 3, 6 and 12 months of their first', async () => {
    // D: Jan 15, Feb 20 (past one month, within two), Apr 1 (within three).
    const spring = await repeatOf({
      from: '2026-01-01T00:00:00+03:00',
      to: '2026-05-01T00:00:00+03:00',
    });
    expect(spring).toEqual({
      windowsMonths: [1, 2, 3, 6, 12],
      customers: 1,
      rows: [
        { purchases: 2, customers: [0, 1, 1, 1, 1] },
        { purchases: 3, customers: [0, 0, 1, 1, 1] },
        { purchases: 4, customers: [0, 0, 0, 0, 0] },
        { purchases: 5, customers: [0, 0, 0, 0, 0] },
      ],
    });
    // Autumn: A three checks from Oct 10 within a month, B two from Nov 10, C one.
    const autumn = await repeatOf({
      from: '2026-10-01T00:00:00+03:00',
      to: '2026-12-05T00:00:00+03:00',
      maxPurchases: '3',
    });
    expect(autumn).toEqual({
      windowsMonths: [1, 2, 3, 6, 12],
      customers: 3,
      rows: [
        { purchases: 2, customers: [2, 2, 2, 2, 2] },
        { purchases: 3, customers: [1, 1, 1, 1, 1] },
      ],
    });
  });

  it('counts only checks of at least the amount asked', async () => {
    // From 60.00 on: A's H0 (100.00) and H1 (200.00), B's H5 (100.00), C's purchase (100.00);
    // B's 25.00 and A's 50.00 drop out.
    const large = await repeatOf({
      from: '2026-10-01T00:00:00+03:00',
      to: '2026-12-05T00:00:00+03:00',
      minCheckMinor: '6000',
      maxPurchases: '3',
    });
    expect(large).toEqual({
      windowsMonths: [1, 2, 3, 6, 12],
      customers: 3,
      rows: [
        // A: H0 100.00 and H1 200.00 within a month; B now has one check, C one.
        { purchases: 2, customers: [1, 1, 1, 1, 1] },
        { purchases: 3, customers: [0, 0, 0, 0, 0] },
      ],
    });
  });
  it('counts the same from check times as check by check', async () => {
    // From 0.01 on every check counts, but the chart reads them one by one.
    for (const period of [
      { from: '2026-01-01T00:00:00+03:00', to: '2026-05-01T00:00:00+03:00' },
      { from: '2026-10-01T00:00:00+03:00', to: '2026-12-05T00:00:00+03:00' },
      { from: '2026-11-02T12:00:00+03:00', to: '2026-11-21T10:00:00+03:00' },
    ]) {
      const scopes: Record<string, string>[] = [{}, { channel: 'offline' }, { channel: 'online' }];
      for (const scope of scopes) {
        const query = { ...period, ...scope, maxPurchases: '4' };
        expect(await repeatOf({ ...query, minCheckMinor: '0' })).toEqual(
          await repeatOf({ ...query, minCheckMinor: '1' }),
        );
      }
    }
  });
});

describe('cohorts by month of first purchase', () => {
  it("counts, month by month, who of each month's new customers bought again", async () => {
    const asked: string[] = [];
    const ask = (query: Record<string, string>) => {
      asked.push(`/v1/analytics/cohorts?${new URLSearchParams(query)}`);
      return server.call('GET', asked.at(-1) as string);
    };
    const answer = await ask({
      from: '2026-01-01T00:00:00+03:00',
      to: '2026-12-05T00:00:00+03:00',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      timeZone: 'Europe/Moscow',
      cohorts: [
        // D: January, February, April; then nothing to December.
        { month: '2026-01', customers: 1, active: [1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
        // A: October, November.
        { month: '2026-10', customers: 1, active: [1, 1, 0] },
        // B (November, December) and C (November).
        { month: '2026-11', customers: 2, active: [2, 1] },
      ],
    });
    // Six years are more months than one number's bits: read check by check, the same cohorts.
    const sixYears = await ask({
      from: '2021-01-01T00:00:00+03:00',
      to: '2026-12-05T00:00:00+03:00',
    });
    expect(sixYears.body).toEqual(answer.body);
    // Online only: A's first online check is H2 in November.
    const online = await ask({
      from: '2026-01-01T00:00:00+03:00',
      to: '2026-12-05T00:00:00+03:00',
      channel: 'online',
    });
    expect(online.body.cohorts).toEqual([{ month: '2026-11', customers: 1, active: [1, 0] }]);
    // Offline from November: A bought offline in October already, so only B and C are new.
    const offline = await ask({
      from: '2026-11-01T00:00:00+03:00',
      to: '2026-12-05T00:00:00+03:00',
      channel: 'offline',
    });
    expect(offline.body.cohorts).toEqual([{ month: '2026-11', customers: 2, active: [2, 1] }]);
    // Once the job has counted everyone, the same answers come from the kept counts.
    const job = await server.call('POST', '/v1/jobs/analytics-cohorts/run');
    expect(job.status).toBe(200);
    expect(job.body.counts).toEqual({ counted: 4, restarted: 1 });
    const before = [answer, sixYears, online, offline].map((one) => one.body);
    const again = await Promise.all(asked.map((path) => server.call('GET', path)));
    expect(again.map((one) => one.body)).toEqual(before);
  });
});

describe('the figures of a channel', () => {
  it('are those of its only store: from check times and check by check alike', async () => {
    const figure = async (name: string, query: Record<string, string>) => {
      const answer = await server.call(
        'GET',
        `/v1/analytics/${name}?${new URLSearchParams(query)}`,
      );
      expect(answer.status).toBe(200);
      const { channel: _channel, storeId: _storeId, ...figures } = answer.body;
      return figures;
    };
    // msk is the only till, web the only web shop; the store's figures are read check by check.
    for (const [channel, storeId] of [
      ['offline', 'msk'],
      ['online', 'web'],
    ] as const) {
      for (const period of [
        { from: '2026-01-01T00:00:00+03:00', to: '2026-12-05T00:00:00+03:00' },
        { from: '2026-11-01T00:00:00+03:00', to: '2026-12-05T00:00:00+03:00' },
        { from: '2026-11-02T12:00:00+03:00', to: '2026-11-21T10:00:00+03:00' },
      ]) {
        for (const name of ['overview', 'repeat-purchases', 'cohorts']) {
          expect(await figure(name, { ...period, channel })).toEqual(
            await figure(name, { ...period, storeId }),
          );
        }
      }
    }
  });
});
