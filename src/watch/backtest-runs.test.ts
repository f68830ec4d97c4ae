import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { defaultBacktestWorker, runNextBacktest } from './backtest-worker.ts';

let server: TestServer;

const milk10 = {
  id: 'milk-10',
  name: 'Молоко −10%',
  status: 'active',
  stacking: { groupId: 'default', priority: 10, exclusive: false },
  mechanic: { kind: 'percent-off', scope: { skus: ['MILK'] }, percentBp: 1000 },
};
const bread20 = {
  id: 'bread-20',
  name: 'Хлеб −20%',
  status: 'draft',
  stacking: { groupId: 'default', priority: 20, exclusive: false },
  mechanic: { kind: 'percent-off', scope: { skus: ['BREAD'] }, percentBp: 2000 },
};
const november = { from: '2026-11-01T00:00:00+03:00', to: '2026-12-01T00:00:00+03:00' };

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'Tverskaya', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  const created = await server.call('POST', '/v1/promotions', { body: milk10 });
  expect(created.body).toMatchObject({ id: 'milk-10', status: 'active' });
  const line = (
    checkId: string,
    at: string,
    sku: string,
    quantityMilli: number,
    price: number,
  ) => ({
    checkId,
    at,
    storeId: 'msk',
    sku,
    quantityMilli,
    priceMinor: price,
    paidMinor: Math.round((price * quantityMilli) / 1000),
  });
  const lines = [
    line('H1', '2026-11-02T11:00:00+03:00', 'MILK', 2000, 10_000),
    line('H1', '2026-11-02T11:00:00+03:00', 'BREAD', 1000, 5_000),
    line('H2', '2026-11-02T15:00:00+03:00', 'BREAD', 3000, 5_000),
    line('H3', '2026-11-03T12:00:00+03:00', 'MILK', 1000, 10_000),
    // Half a kilo of bread by weight: 25.00.
    line('H3', '2026-11-03T12:00:00+03:00', 'BREAD', 500, 5_000),
    // October: outside the period.
    line('H0', '2026-10-15T12:00:00+03:00', 'BREAD', 1000, 5_000),
  ];
  const imported = await server.call('POST', '/v1/history/checks', { body: { lines } });
  expect(imported.body).toMatchObject({ checks: 4, created: 4 });
  const purchase = await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId: 'backtest-1',
      at: '2026-11-04T10:00:00+03:00',
      lines: [{ lineId: '1', sku: 'MILK', unitPriceMinor: 10_000, quantity: 1 }],
    },
  });
  expect(purchase.status).toBe(201);
});
afterAll(() => server.close());

describe('backtests through the API', () => {
  it('queues a run that a worker prices over purchases and imported checks of the period', async () => {
    const queued = await server.call('POST', '/v1/watch/backtests', {
      body: { draft: bread20, ...november },
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued', checksTotal: 4, checksDone: 0 });
    expect(await runNextBacktest(server.db, { ...defaultBacktestWorker, pageSize: 2 })).toBe(
      queued.body.id,
    );
    const run = await server.call('GET', `/v1/watch/backtests/${queued.body.id}`);
    expect(run.body).toMatchObject({ status: 'done', checksTotal: 4, checksDone: 4 });
    // Baseline: H1 180.00 + 50.00, H2 150.00, H3 90.00 + 25.00, the purchase 90.00 = 585.00.
    // With −20% on bread: 220.00, 120.00, 110.00, 90.00 = 540.00.
    expect(run.body.report).toEqual({
      baseline: {
        checks: 4,
        totalMinor: 58_500,
        averageCheckMinor: 14_625,
        promotions: [
          { promotionId: 'milk-10', checks: 3, units: 4, discountMinor: 4_000, points: 0 },
        ],
      },
      withDraft: {
        checks: 4,
        totalMinor: 54_000,
        averageCheckMinor: 13_500,
        promotions: [
          // The weighed half kilo counts as one unit.
          { promotionId: 'bread-20', checks: 3, units: 5, discountMinor: 4_500, points: 0 },
          { promotionId: 'milk-10', checks: 3, units: 4, discountMinor: 4_000, points: 0 },
        ],
      },
      averageCheckChangeMinor: -1_125,
      changedChecks: 3,
      // Committed purchases are read first, then imported history, each in time order.
      exampleCheckIds: ['H1', 'H2', 'H3'],
    });
    const list = await server.call('GET', '/v1/watch/backtests');
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(queued.body.id);
    expect(await runNextBacktest(server.db)).toBeNull();
  });

  it('refuses every problem at once and queues nothing', async () => {
    const before = await server.db.selectFrom('backtest_runs').select('id').execute();
    const answer = await server.call('POST', '/v1/watch/backtests', {
      body: {
        draft: { ...bread20, stacking: { ...bread20.stacking, groupId: 'no-such-group' } },
        from: november.to,
        to: november.from,
        storeIds: ['msk', 'nowhere'],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_backtest');
    expect(
      answer.body.errors.map((p: { field: string; code: string }) => [p.field, p.code]),
    ).toEqual(
      expect.arrayContaining([
        ['/to', 'invalid_period'],
        ['/storeIds/1', 'unknown_store'],
      ]),
    );
    expect(answer.body.errors).toHaveLength(3);
    const unknownStore = await server.call('POST', '/v1/watch/backtests', {
      body: { draft: bread20, ...november, storeIds: ['nowhere'] },
    });
    expect(unknownStore.status).toBe(422);
    expect(unknownStore.body.code).toBe('unknown_store');
    const after = await server.db.selectFrom('backtest_runs').select('id').execute();
    expect(after).toEqual(before);
  });

  it('compares a whole draft ruleset with the active one, and with a version sent', async () => {
    const priced = async (body: object) => {
      const queued = await server.call('POST', '/v1/watch/backtests', {
        body: { ...body, ...november },
      });
      expect(queued.status).toBe(202);
      await runNextBacktest(server.db);
      return (await server.call('GET', `/v1/watch/backtests/${queued.body.id}`)).body;
    };
    // Only −20% on bread, milk's −10% gone: H1 200.00 + 40.00, H2 120.00, H3 100.00 + 20.00,
    // the purchase 100.00 = 580.00 against the active 585.00; every check changed.
    const versions = await priced({ ruleset: [bread20] });
    expect(versions.request).toMatchObject({ ruleset: [{ id: 'bread-20' }] });
    expect(versions.report).toMatchObject({
      baseline: { totalMinor: 58_500, averageCheckMinor: 14_625 },
      withDraft: {
        totalMinor: 58_000,
        averageCheckMinor: 14_500,
        promotions: [
          { promotionId: 'bread-20', checks: 3, units: 5, discountMinor: 4_500, points: 0 },
        ],
      },
      averageCheckChangeMinor: -125,
      changedChecks: 4,
    });
    expect(versions.report.exampleCheckIds).toHaveLength(4);
    // Against an empty version (no promotion at all) instead of the active one: 625.00.
    const fromNothing = await priced({ baseline: [], draft: bread20 });
    expect(fromNothing.report).toMatchObject({
      baseline: { totalMinor: 62_500, promotions: [] },
      withDraft: { totalMinor: 58_000 },
      changedChecks: 3,
      exampleCheckIds: ['H1', 'H2', 'H3'],
    });
  });

  it('refuses a request with both a draft and a ruleset, or a version naming a promotion twice', async () => {
    const before = await server.db.selectFrom('backtest_runs').select('id').execute();
    const both = await server.call('POST', '/v1/watch/backtests', {
      body: { draft: bread20, ruleset: [milk10], ...november },
    });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('one_candidate');
    const neither = await server.call('POST', '/v1/watch/backtests', { body: november });
    expect(neither.body.code).toBe('one_candidate');
    const twice = await server.call('POST', '/v1/watch/backtests', {
      body: {
        ruleset: [
          milk10,
          { ...milk10, stacking: { ...milk10.stacking, groupId: 'no-such-group' } },
        ],
        ...november,
      },
    });
    expect(twice.status).toBe(400);
    expect(
      twice.body.errors.map((p: { field: string; code: string }) => [p.field, p.code]),
    ).toEqual([
      ['/ruleset/1/id', 'duplicate_promotion'],
      ['/ruleset/1/stacking/groupId', 'unknown_stacking_group'],
    ]);
    const after = await server.db.selectFrom('backtest_runs').select('id').execute();
    expect(after).toEqual(before);
  });

  it('answers 404 for a backtest that does not exist', async () => {
    const answer = await server.call(
      'GET',
      '/v1/watch/backtests/00000000-0000-4000-8000-000000000000',
    );
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('backtest_not_found');
  });

  it('takes over a run whose node stopped renewing its lease', async () => {
    const queued = await server.call('POST', '/v1/watch/backtests', {
      body: { draft: bread20, ...november },
    });
    // A node claims it and dies: its lease runs out a minute later.
    await server.db
      .updateTable('backtest_runs')
      .set({ status: 'running', lease_until: new Date('2026-01-01T00:00:00Z'), checks_done: 2 })
      .where('id', '=', queued.body.id)
      .execute();
    expect(await runNextBacktest(server.db)).toBe(queued.body.id);
    const run = await server.call('GET', `/v1/watch/backtests/${queued.body.id}`);
    expect(run.body).toMatchObject({ status: 'done', checksDone: 4 });
    expect(run.body.report.withDraft.totalMinor).toBe(54_000);
  });
});
