import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSimulationWorker, runNextSimulation } from '../../simulator/simulation-worker.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
/** The new customers B and C in id order: the first gets the +50% scenario's extra copy. */
let bFirst: boolean;

const name = (en: string) => ({ ru: en, en });
const discountLadder = {
  name: 'Discount ladder',
  tierProgram: {
    metric: 'spent_minor',
    period: { kind: 'rolling_days', days: 365 },
    comparison: 'at_least',
    autoTransition: true,
    downgradeAtPeriodEnd: false,
    tiers: [
      { id: 'base', name: name('Base'), threshold: 0 },
      { id: 'silver', name: name('Silver'), threshold: 10_000, discountBp: 500 },
      { id: 'gold', name: name('Gold'), threshold: 30_000, discountBp: 1_000 },
    ],
  },
  settings: { accrualRateBp: 0 },
  redeemersShareBp: 0,
};
const bonusLadder = {
  name: 'Cashback 10%',
  tierProgram: {
    metric: 'spent_minor',
    period: { kind: 'all_time' },
    comparison: 'at_least',
    autoTransition: true,
    downgradeAtPeriodEnd: false,
    tiers: [{ id: 'member', name: name('Member'), threshold: 0, accrualRateBp: 1_000 }],
  },
  settings: { accrualRateBp: 0, pendingDays: 0, expiry: null },
  redeemersShareBp: 0,
};
const flat = { name: 'flat' };
const growth = { name: 'growth', newCustomersBp: 5_000 };
const request = {
  fromMonth: '2026-01',
  toMonth: '2026-02',
  grossMarginBp: 2_500,
  models: [discountLadder, bonusLadder],
  scenarios: [flat, growth],
};

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'Tverskaya', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  const phones = { a: '+79120000001', b: '+79120000002', c: '+79120000003' };
  const ids: Record<string, string> = {};
  for (const [key, phone] of Object.entries(phones)) {
    const created = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'phone', value: phone }] },
    });
    ids[key] = created.body.id;
  }
  bFirst = (ids.b as string) < (ids.c as string);
  const line = (checkId: string, date: string, phone: string | null, amountMinor: number) => ({
    checkId,
    at: `${date}T12:00:00+03:00`,
    storeId: 'msk',
    ...(phone ? { customer: { phone } } : {}),
    sku: 'MILK',
    quantityMilli: 1000,
    priceMinor: amountMinor,
    paidMinor: amountMinor,
  });
  const lines = [
    // A bought 80.00 before the period: it counts in the tier metric, and A is not new.
    line('H0', '2025-12-20', phones.a, 8_000),
    line('H1', '2026-01-10', phones.a, 4_000),
    line('H2', '2026-01-20', phones.a, 20_000),
    line('H3', '2026-02-05', phones.a, 10_000),
    line('H4', '2026-02-10', phones.c, 3_000),
    line('H5', '2026-01-12', null, 2_000),
    // After the period: read by nothing.
    line('H6', '2026-03-05', phones.c, 7_000),
  ];
  const imported = await server.call('POST', '/v1/history/checks', { body: { lines } });
  expect(imported.body).toMatchObject({ checks: 7, created: 7 });
  // B's live purchase of two at 50.00, one returned: 50.00 of revenue.
  const purchase = await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId: 'simulation-1',
      at: '2026-01-15T12:00:00+03:00',
      customer: { phone: phones.b },
      lines: [{ lineId: '1', sku: 'MILK', unitPriceMinor: 5_000, quantity: 2 }],
    },
  });
  expect(purchase.status).toBe(201);
  const returned = await server.call('POST', '/v1/purchases/simulation-1/returns', {
    key: server.keys.pos,
    body: { returnId: 'R-1', lines: [{ lineId: '1', quantity: 1 }] },
  });
  expect(returned.body.refundMinor).toBe(5_000);
});
afterAll(() => server.close());

const figures = (month: Record<string, unknown>) => [
  month.checks,
  month.salesMinor,
  month.discountMinor,
  month.pointsAccrued,
  month.liabilityPoints,
  month.revenueWithMinor,
  month.revenueWithoutMinor,
  month.marginWithMinor,
  month.marginEffectMinor,
];
const tiers = (month: { customersByTier: { customers: number }[] }) =>
  month.customersByTier.map((t) => t.customers);

describe('programme simulations through the API', () => {
  it('replays every model under every scenario and answers exact monthly figures', async () => {
    const queued = await server.call('POST', '/v1/analytics/simulations', {
      key: server.keys.analyst,
      body: request,
    });
    expect(queued.status).toBe(202);
    // Identified checks before March: A's four, B's purchase, C's one.
    expect(queued.body).toMatchObject({ status: 'queued', checksTotal: 6, checksDone: 0 });
    expect(queued.body.request.models[1].settings).toMatchObject({
      accrualRateBp: 0,
      maxRedemptionShareBp: 2_000,
    });
    expect(await runNextSimulation(server.db)).toBe(queued.body.id);
    const run = await server.call('GET', `/v1/analytics/simulations/${queued.body.id}`);
    expect(run.body).toMatchObject({ status: 'done', checksDone: 6 });
    const [ladderFlat, ladderGrowth, bonusFlat, bonusGrowth] = run.body.results;
    expect([
      ladderFlat.model,
      ladderFlat.scenario,
      bonusGrowth.model,
      bonusGrowth.scenario,
    ]).toEqual(['Discount ladder', 'flat', 'Cashback 10%', 'growth']);
    // January: A 40.00 at base (with December's 80.00 → silver), 200.00 at silver (10.00 off →
    // gold), B 50.00 at base, 20.00 anonymous. Without: 310.00. Margin 25%: 77.50 − 10.00.
    // February: A 100.00 at gold (10.00 off), C 30.00 at base.
    expect(ladderFlat.months.map(figures)).toEqual([
      [4, 31_000, 1_000, 0, 0, 30_000, 31_000, 6_750, -1_000],
      [2, 13_000, 1_000, 0, 0, 12_000, 13_000, 2_250, -1_000],
    ]);
    expect(ladderFlat.months.map(tiers)).toEqual([
      [0, 1, 0, 1],
      [0, 2, 0, 1],
    ]);
    expect(ladderFlat.totals).toMatchObject({
      customers: 3,
      newCustomers: 2,
      marginEffectMinor: -2_000,
    });
    // +50% new customers: the first new customer in id order counts twice, the second once.
    expect(ladderGrowth.months.map(figures)).toEqual(
      bFirst
        ? [
            [5, 36_000, 1_000, 0, 0, 35_000, 31_000, 8_000, 250],
            [2, 13_000, 1_000, 0, 0, 12_000, 13_000, 2_250, -1_000],
          ]
        : [
            [4, 31_000, 1_000, 0, 0, 30_000, 31_000, 6_750, -1_000],
            [3, 16_000, 1_000, 0, 0, 15_000, 13_000, 3_000, -250],
          ],
    );
    expect(ladderGrowth.months.map(tiers)).toEqual(
      bFirst
        ? [
            [0, 2, 0, 1],
            [0, 3, 0, 1],
          ]
        : [
            [0, 1, 0, 1],
            [0, 3, 0, 1],
          ],
    );
    expect(ladderGrowth.totals).toMatchObject({ customers: 4, newCustomers: 3 });
    // 10% back, rounded down per check: January 4 + 20 + 5, February 10 + 3; each point 1.00.
    expect(bonusFlat.months.map(figures)).toEqual([
      [4, 31_000, 0, 29, 29, 31_000, 31_000, 4_850, -2_900],
      [2, 13_000, 0, 13, 42, 13_000, 13_000, 1_950, -1_300],
    ]);
    expect(bonusFlat.totals).toMatchObject({ liabilityPoints: 42, liabilityMinor: 4_200 });
    expect(bonusGrowth.months.map((m: Record<string, number>) => m.pointsAccrued)).toEqual(
      bFirst ? [34, 13] : [29, 16],
    );
  });

  it('exports the comparison as CSV: a row per model × scenario', async () => {
    const queued = await server.call('POST', '/v1/analytics/simulations', { body: request });
    await runNextSimulation(server.db);
    const response = await fetch(
      `${server.baseUrl}/v1/analytics/simulations/${queued.body.id}?format=csv`,
      { headers: { authorization: `Bearer ${server.keys.analyst}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = (await response.text()).trim().split(/\r?\n/);
    expect(rows[0]).toBe(
      'model,scenario,customers,new_customers,checks,sales_minor,discount_minor,points_accrued,' +
        'points_bonus,points_redeemed,points_expired,liability_points,liability_minor,' +
        'revenue_with_minor,revenue_without_minor,margin_with_minor,margin_without_minor,' +
        'margin_effect_minor',
    );
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2))).toEqual([
      ['Discount ladder', 'flat'],
      ['Discount ladder', 'growth'],
      ['Cashback 10%', 'flat'],
      ['Cashback 10%', 'growth'],
    ]);
    expect(rows[1]).toBe(
      'Discount ladder,flat,3,2,6,44000,2000,0,0,0,0,0,0,42000,44000,9000,11000,-2000',
    );
  });

  // The cursor holds a transaction: on PGlite's one connection it is not used (see the worker).
  const readers =
    process.env.PERK_TEST_DRIVER === 'postgres'
      ? (['ranges', 'cursor'] as const)
      : (['ranges'] as const);
  it.each(readers)(
    'reads customers whole with the %s reader, however small the pages',
    async (reader) => {
      const queued = await server.call('POST', '/v1/analytics/simulations', { body: request });
      await runNextSimulation(server.db, { ...defaultSimulationWorker, reader, pageSize: 2 });
      const run = await server.call('GET', `/v1/analytics/simulations/${queued.body.id}`);
      expect(run.body).toMatchObject({ status: 'done', checksDone: 6 });
      const [ladderFlat, , bonusFlat] = run.body.results;
      expect(ladderFlat.months.map(figures)).toEqual([
        [4, 31_000, 1_000, 0, 0, 30_000, 31_000, 6_750, -1_000],
        [2, 13_000, 1_000, 0, 0, 12_000, 13_000, 2_250, -1_000],
      ]);
      expect(bonusFlat.totals).toMatchObject({ pointsAccrued: 42, customers: 3 });
    },
  );

  it('writes progress page by page, and another node takes over a run whose lease ran out', async () => {
    const queued = await server.call('POST', '/v1/analytics/simulations', { body: request });
    let pages = 0;
    const clock = () => Date.parse('2026-12-01T10:00:00Z');
    // The node stops after its first page: the run stays running with the progress written.
    const id = await runNextSimulation(
      server.db,
      { ...defaultSimulationWorker, pageSize: 1, clock },
      () => pages++ > 0,
    );
    expect(id).toBe(queued.body.id);
    const halfway = await server.call('GET', `/v1/analytics/simulations/${id}`);
    expect(halfway.body.status).toBe('running');
    expect(halfway.body.checksDone).toBeGreaterThan(0);
    expect(halfway.body.checksDone).toBeLessThan(6);
    // Within the lease nobody else takes it.
    expect(await runNextSimulation(server.db, { ...defaultSimulationWorker, clock })).toBeNull();
    const later = () => clock() + 61_000;
    expect(
      await runNextSimulation(server.db, { ...defaultSimulationWorker, pageSize: 1, clock: later }),
    ).toBe(id);
    const run = await server.call('GET', `/v1/analytics/simulations/${id}`);
    expect(run.body).toMatchObject({ status: 'done', checksDone: 6 });
    expect(run.body.results[0].totals.marginEffectMinor).toBe(-2_000);
  });

  it('runs a queued simulation once when two workers ask at the same time', async () => {
    const queued = await server.call('POST', '/v1/analytics/simulations', { body: request });
    const claims = await Promise.all([runNextSimulation(server.db), runNextSimulation(server.db)]);
    expect(claims.filter((c) => c === queued.body.id)).toHaveLength(1);
    expect(claims.filter((c) => c === null)).toHaveLength(1);
    const listed = await server.call('GET', '/v1/analytics/simulations?limit=1');
    expect(listed.body.items.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [queued.body.id, 'done'],
    ]);
  });

  it('refuses a request with every problem at once and stores nothing', async () => {
    const before = await server.db.selectFrom('simulation_runs').select('id').execute();
    const tiersDown = {
      ...discountLadder.tierProgram,
      tiers: [
        discountLadder.tierProgram.tiers[0],
        { ...discountLadder.tierProgram.tiers[2], threshold: 0 },
      ],
    };
    const answer = await server.call('POST', '/v1/analytics/simulations', {
      body: {
        ...request,
        fromMonth: '2026-03',
        toMonth: '2026-01',
        models: [
          { ...discountLadder, tierProgram: tiersDown, settings: { timeZone: 'Mars/Base' } },
        ],
        scenarios: [flat, { name: 'flat', frequencyBp: 100 }],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_simulation');
    expect(
      answer.body.errors.map((p: { field: string; code: string }) => [p.field, p.code]),
    ).toEqual([
      ['/toMonth', 'invalid_period'],
      ['/models/0/tierProgram/tiers/1/threshold', 'thresholds_not_ascending'],
      ['/models/0/settings/timeZone', 'unknown_time_zone'],
      ['/scenarios/1/name', 'duplicate_name'],
    ]);
    const tooMany = await server.call('POST', '/v1/analytics/simulations', {
      body: {
        ...request,
        models: [discountLadder, discountLadder, discountLadder, discountLadder, bonusLadder],
      },
    });
    expect(tooMany.status).toBe(400);
    const after = await server.db.selectFrom('simulation_runs').select('id').execute();
    expect(after).toEqual(before);
  });

  it('is for analytics roles only, and answers 404 for an unknown run', async () => {
    const till = await server.call('POST', '/v1/analytics/simulations', {
      key: server.keys.pos,
      body: request,
    });
    expect(till.status).toBe(403);
    const missing = await server.call(
      'GET',
      '/v1/analytics/simulations/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('simulation_not_found');
  });
});
