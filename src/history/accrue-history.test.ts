import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../access/actor.ts';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { checkPointsInvariant } from '../points/points-invariant.ts';
import { defaultOutlierThresholds } from './history-checks.ts';
import type { HistoryLineInput } from './history-line.ts';
import { importHistoryChecks } from './import-history.ts';

let server: TestServer;
let anna: string;
let boris: string;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'Tverskaya', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  const settings = await server.call('PATCH', '/v1/points/settings', {
    body: {
      accrualRateBp: 300,
      pendingDays: 14,
      expiry: { unit: 'months', count: 2 },
      accrualExclusions: { skus: ['CIG'] },
    },
  });
  expect(settings.status).toBe(200);
  const products = await server.call('PUT', '/v1/products', {
    body: {
      products: [
        { sku: 'MILK', name: 'Milk' },
        { sku: 'CIG', name: 'Cigarettes' },
        { sku: 'GIFT', name: 'Gift card', noAccrual: true },
      ],
    },
  });
  expect(products.status).toBe(200);
  const tiers = await server.call('PUT', '/v1/tiers', {
    body: {
      metric: 'spent_minor',
      period: { kind: 'all_time' },
      comparison: 'at_least',
      autoTransition: false,
      downgradeAtPeriodEnd: false,
      tiers: [
        { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 },
        { id: 'gold', name: { ru: 'Золото', en: 'Gold' }, threshold: 1, accrualRateBp: 500 },
      ],
    },
  });
  expect(tiers.status).toBe(200);
  const customer = async (card: string) =>
    (
      await server.call('POST', '/v1/customers', {
        body: { identifiers: [{ kind: 'card', value: card }] },
      })
    ).body.id as string;
  anna = await customer('ACC-1');
  boris = await customer('ACC-2');
  const moved = await server.call('POST', `/v1/customers/${boris}/tier`, {
    body: { tierId: 'gold' },
  });
  expect(moved.status).toBe(200);
});
afterAll(() => server.close());

const line = (checkId: string, at: string, fields: Partial<HistoryLineInput> = {}) => ({
  checkId,
  at,
  storeId: 'msk',
  sku: 'MILK',
  quantityMilli: 1000,
  priceMinor: 100_000,
  paidMinor: 47_000,
  ...fields,
});
const ofAnna = { customer: { card: 'ACC-1' } };
const ofBoris = { customer: { card: 'ACC-2' } };

// Imported on 1 June 2024 at noon, Moscow time.
const now = new Date('2024-06-01T12:00:00+03:00');
const importAt = (lines: object[], accrue: boolean) =>
  importHistoryChecks(server.db, commandLineActor, lines as HistoryLineInput[], {
    outliers: defaultOutlierThresholds,
    defaultCountry: 'RU',
    now,
    accrue,
  });

// As stored: reading through the API would book what fell due since, by today's clock.
const balance = async (customerId: string) => {
  const account = await server.db
    .selectFrom('points_accounts')
    .select(['active', 'pending'])
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return { active: Number(account.active), pending: Number(account.pending) };
};

const batch = [
  // 3% of 470.00 ₽ = 14.1 → 14 points, earned 10 Jan: active from 25 Jan, valid 2 months, to
  // 25 Mar 00:00: expired before the import.
  line('P-1', '2024-01-10 10:00', ofAnna),
  // Only the milk earns the rate: 3% of 333.33 ₽ = 9.9999 → 9 (cigarettes are excluded by the
  // programme, the gift card earns nothing); active from 16 May, valid until 16 Jul.
  line('P-2', '2024-05-01 18:30', { ...ofAnna, paidMinor: 33_333 }),
  line('P-2', '2024-05-01 18:30', { ...ofAnna, sku: 'CIG', paidMinor: 20_000 }),
  line('P-2', '2024-05-01 18:30', { ...ofAnna, sku: 'GIFT', paidMinor: 100_000 }),
  // 3% of 100.00 ₽ = 3 points, still pending: active from 9 June.
  line('P-3', '2024-05-25 12:00', { ...ofAnna, paidMinor: 10_000 }),
  // Gold's 5% of 470.00 ₽ = 23.5 → 23 points, active from 16 May.
  line('P-4', '2024-05-01 10:00', ofBoris),
  // Anonymous, and an outlier (above 100 000 ₽): nothing.
  line('P-5', '2024-05-02 10:00', { paidMinor: 50_000 }),
  line('P-6', '2024-05-03 10:00', {
    ...ofBoris,
    priceMinor: 20_000_000,
    paidMinor: 20_000_000,
  }),
];

describe('importing history with accrual', () => {
  it('accrues each check of a customer at its own time, once, and the books balance', async () => {
    const first = await importAt(batch, true);
    expect(first).toMatchObject({
      created: 6,
      accruedChecks: 4,
      accruedPoints: 14 + 9 + 3 + 23,
      expiredPoints: 14,
    });
    expect(await balance(anna)).toMatchObject({ active: 9, pending: 3 });
    expect(await balance(boris)).toMatchObject({ active: 23, pending: 0 });
    const marks = await server.db
      .selectFrom('history_checks')
      .select(['check_id', 'accrued_points'])
      .where('check_id', 'like', 'P-%')
      .orderBy('check_id')
      .execute();
    expect(
      marks.map((m) => [m.check_id, m.accrued_points === null ? null : Number(m.accrued_points)]),
    ).toEqual([
      ['P-1', 14],
      ['P-2', 9],
      ['P-3', 3],
      ['P-4', 23],
      ['P-5', null],
      ['P-6', null],
    ]);
    const entries = await server.db
      .selectFrom('points_entries')
      .select(['kind', 'points', 'effective_at', 'purchase_id', 'operation_key'])
      .where('customer_id', '=', anna)
      .orderBy('effective_at')
      .orderBy('id')
      .execute();
    expect(
      entries.map((e) => [e.kind, Number(e.points), e.effective_at.toISOString(), e.purchase_id]),
    ).toEqual([
      ['accrual_pending', 14, '2024-01-10T07:00:00.000Z', 'history:P-1'],
      ['activation', 14, '2024-01-24T21:00:00.000Z', null],
      ['expiry', 14, '2024-03-24T21:00:00.000Z', null],
      ['accrual_pending', 9, '2024-05-01T15:30:00.000Z', 'history:P-2'],
      ['activation', 9, '2024-05-15T21:00:00.000Z', null],
      ['accrual_pending', 3, '2024-05-25T09:00:00.000Z', 'history:P-3'],
    ]);
    const lots = await server.db
      .selectFrom('points_lots')
      .select(['source', 'purchase_id', 'activates_at', 'expires_at', 'remaining'])
      .where('customer_id', '=', anna)
      .orderBy('earned_at')
      .execute();
    expect(
      lots.map((l) => [
        l.source,
        l.purchase_id,
        l.activates_at.toISOString(),
        l.expires_at?.toISOString(),
        Number(l.remaining),
      ]),
    ).toEqual([
      ['purchase', 'history:P-1', '2024-01-24T21:00:00.000Z', '2024-03-24T21:00:00.000Z', 0],
      ['purchase', 'history:P-2', '2024-05-15T21:00:00.000Z', '2024-07-15T21:00:00.000Z', 9],
      ['purchase', 'history:P-3', '2024-06-08T21:00:00.000Z', '2024-08-08T21:00:00.000Z', 3],
    ]);
    expect(await checkPointsInvariant(server.db)).toEqual([]);

    const again = await importAt(batch, true);
    expect(again).toMatchObject({
      created: 0,
      alreadyStored: 6,
      accruedChecks: 0,
      accruedPoints: 0,
      expiredPoints: 0,
    });
    expect(await balance(anna)).toMatchObject({ active: 9, pending: 3 });
    expect(await balance(boris)).toMatchObject({ active: 23, pending: 0 });
    expect(await checkPointsInvariant(server.db)).toEqual([]);
  });

  it('two imports of the same checks at once accrue them once', async () => {
    const before = await balance(anna);
    // 3% of 470.00 ₽ = 14 points each, earned in late May: pending on 1 June.
    const checks = [
      line('R-1', '2024-05-28 10:00', ofAnna),
      line('R-2', '2024-05-29 10:00', ofAnna),
    ];
    const [one, two] = await Promise.all([importAt(checks, true), importAt(checks, true)]);
    expect(one.accruedChecks + two.accruedChecks).toBe(2);
    expect(one.accruedPoints + two.accruedPoints).toBe(28);
    expect(await balance(anna)).toEqual({ active: before.active, pending: before.pending + 28 });
    expect(await checkPointsInvariant(server.db)).toEqual([]);
  });

  it('accrues later, through the API, the checks an import without accrual stored', async () => {
    const before = await balance(boris);
    const send = (lines: object[], accrue?: boolean) =>
      server.call('POST', '/v1/history/checks', {
        body: { lines, ...(accrue === undefined ? {} : { accrue }) },
      });
    // Gold's 5% of 200.00 ₽ = 10 points; 5% of 470.00 ₽ = 23.
    const q1 = line('Q-1', '2024-05-20 10:00', { ...ofBoris, paidMinor: 20_000 });
    const q2 = line('Q-2', '2024-05-21 10:00', ofBoris);
    const plain = await send([q1]);
    expect(plain.body).toMatchObject({ created: 1, accruedChecks: 0, accruedPoints: 0 });
    expect(await balance(boris)).toEqual(before);
    const later = await send([q1, q2], true);
    // Imported today, long after their 2 months of validity: accrued and expired at once.
    expect(later.body).toMatchObject({
      created: 1,
      alreadyStored: 1,
      accruedChecks: 2,
      accruedPoints: 33,
      expiredPoints: 33,
    });
    const expired = await server.db
      .selectFrom('points_entries as e')
      .innerJoin('points_lots as l', 'l.id', 'e.lot_id')
      .select('e.points')
      .where('l.purchase_id', 'in', ['history:Q-1', 'history:Q-2'])
      .where('e.kind', '=', 'expiry')
      .execute();
    expect(expired.map((e) => Number(e.points)).sort()).toEqual([10, 23]);
    // Boris's account, opened today, also booked the expiry of what he accrued in the first test.
    expect(await balance(boris)).toEqual({ active: 0, pending: 0 });
    const rerun = await send([q1, q2], true);
    expect(rerun.body).toMatchObject({ created: 0, alreadyStored: 2, accruedChecks: 0 });
    expect(await balance(boris)).toEqual({ active: 0, pending: 0 });
    expect(await checkPointsInvariant(server.db)).toEqual([]);
  });
});
