import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { checkPointsInvariant } from '../points/points-invariant.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'Tverskaya', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/tiers', {
    body: {
      metric: 'spent_minor',
      period: { kind: 'calendar_year' },
      comparison: 'more_than',
      autoTransition: true,
      downgradeAtPeriodEnd: false,
      tiers: [
        { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 },
        {
          id: 'gold',
          name: { ru: 'Золотой', en: 'Gold' },
          threshold: 1_500_000,
          welcomeBonusPoints: 500,
        },
      ],
    },
  });
  await server.call('PUT', '/v1/customer-fields/favouriteShop', {
    body: { type: 'string', titleRu: 'Любимый магазин', titleEn: 'Favourite shop' },
  });
});
afterAll(() => server.close());

const importRows = (rows: object[], dryRun = false, system = 'oldcrm') =>
  server.call('POST', `/v1/imports/customers${dryRun ? '?dryRun=true' : ''}`, {
    body: { system, rows },
  });

/** Rows in the tables an import writes, to prove a refused or dry call wrote nothing. */
async function counts() {
  const count = async (
    table: 'customers' | 'customer_identifiers' | 'points_lots' | 'points_entries',
  ) =>
    Number(
      (
        await server.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    customers: await count('customers'),
    identifiers: await count('customer_identifiers'),
    lots: await count('points_lots'),
    entries: await count('points_entries'),
  };
}

const vera = {
  externalId: 'C-1001',
  identifiers: [
    { kind: 'phone', value: '8 (912) 345-67-89' },
    { kind: 'card', value: '2000 0000 1001' },
  ],
  firstName: 'Вера',
  lastName: 'Иванова',
  birthDate: '1990-04-01',
  gender: 'female',
  customFields: { favouriteShop: 'msk' },
  tierId: 'gold',
  balance: [
    { points: 1200, validUntil: '2030-12-31' },
    { points: 300, validUntil: null },
    { points: 250, activatesOn: '2030-06-01', validUntil: '2031-03-31' },
  ],
};

const customerOf = async (externalId: string) =>
  (
    await server.call(
      'GET',
      `/v1/customers/lookup?external=${encodeURIComponent(`oldcrm:${externalId}`)}`,
    )
  ).body;

describe('importing customers of another processing', () => {
  it('dry run reports what it would do and writes nothing', async () => {
    const before = await counts();
    const answer = await importRows([vera], true);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      dryRun: true,
      rows: 1,
      created: 1,
      alreadyThere: 0,
      openingPoints: 1750,
      conflicts: [],
    });
    expect(await counts()).toEqual(before);
  });

  it('creates the customer with identifiers, profile, lots with their own expiry, and tier', async () => {
    const before = await counts();
    const startedAt = Date.now();
    const answer = await importRows([vera]);
    const recompute = await server.db
      .selectFrom('segment_recompute_state')
      .select('facts_changed_at')
      .executeTakeFirstOrThrow();
    // New profiles and tiers: the next segment recompute walks everyone.
    expect(recompute.facts_changed_at?.getTime()).toBeGreaterThanOrEqual(startedAt);
    expect(answer.body).toEqual({
      dryRun: false,
      rows: 1,
      created: 1,
      alreadyThere: 0,
      openingPoints: 1750,
      conflicts: [],
    });
    // One customer, three identifiers (the old id, phone, card), three lots, three entries.
    expect(await counts()).toEqual({
      customers: before.customers + 1,
      identifiers: before.identifiers + 3,
      lots: before.lots + 3,
      entries: before.entries + 3,
    });
    const customer = await customerOf('C-1001');
    expect(customer).toMatchObject({
      firstName: 'Вера',
      lastName: 'Иванова',
      birthDate: '1990-04-01',
      gender: 'female',
      customFields: { favouriteShop: 'msk' },
    });
    expect(customer.identifiers).toEqual([
      { kind: 'card', value: '200000001001' },
      { kind: 'phone', value: '+79123456789' },
      { kind: 'external', system: 'oldcrm', value: 'C-1001' },
    ]);
    const points = (await server.call('GET', `/v1/customers/${customer.id}/points`)).body;
    expect(points).toMatchObject({ active: 1500, pending: 250, debt: 0 });
    const lots = (await server.call('GET', `/v1/customers/${customer.id}/points/lots`)).body.items;
    const byAmount = (a: { amount: number }, b: { amount: number }) => a.amount - b.amount;
    // Moscow is UTC+3: the last valid day 2030-12-31 ends at 2030-12-31T21:00Z.
    expect(
      lots
        .map((lot: Record<string, unknown>) => ({
          source: lot.source,
          amount: lot.amount,
          state: lot.state,
          activatesAt: lot.amount === 250 ? lot.activatesAt : 'now',
          expiresAt: lot.expiresAt,
          reason: lot.reason,
        }))
        .sort(byAmount),
    ).toEqual([
      {
        source: 'opening_balance',
        amount: 250,
        state: 'pending',
        activatesAt: '2030-05-31T21:00:00.000Z',
        expiresAt: '2031-03-31T21:00:00.000Z',
        reason: 'import:oldcrm',
      },
      {
        source: 'opening_balance',
        amount: 300,
        state: 'active',
        activatesAt: 'now',
        expiresAt: null,
        reason: 'import:oldcrm',
      },
      {
        source: 'opening_balance',
        amount: 1200,
        state: 'active',
        activatesAt: 'now',
        expiresAt: '2030-12-31T21:00:00.000Z',
        reason: 'import:oldcrm',
      },
    ]);
    const entries = (await server.call('GET', `/v1/customers/${customer.id}/points/entries`)).body
      .items;
    expect(
      entries
        .map((e: Record<string, unknown>) => `${e.kind} ${e.from}>${e.to} ${e.points} ${e.reason}`)
        .sort(),
    ).toEqual([
      'opening_balance world>active 1200 import:oldcrm',
      'opening_balance world>active 300 import:oldcrm',
      'opening_balance world>pending 250 import:oldcrm',
    ]);
    const tier = (await server.call('GET', `/v1/customers/${customer.id}/tier`)).body;
    expect(tier.tier.id).toBe('gold');
    // The tier came from the old system: no welcome bonus on top of the balance.
    expect(
      tier.history.map((h: Record<string, unknown>) => [
        h.fromTierId,
        h.toTierId,
        h.reason,
        h.note,
        h.welcomeBonusPoints,
      ]),
    ).toEqual([['base', 'gold', 'manual', 'import:oldcrm', 0]]);
    expect(await checkPointsInvariant(server.db)).toEqual([]);
    const audit = (await server.call('GET', '/v1/audit?entityType=customer_import')).body.items;
    expect(audit).toMatchObject([
      {
        action: 'customers.import',
        entityId: 'oldcrm',
        after: { created: 1, openingPoints: 1750 },
        actor: { name: 'test admin' },
      },
    ]);
  });

  it('re-run of the same rows changes nothing; other content is a conflict, not an overwrite', async () => {
    const before = await counts();
    const again = await importRows([vera]);
    expect(again.body).toMatchObject({ created: 0, alreadyThere: 1, openingPoints: 0 });
    expect(await counts()).toEqual(before);
    // Another spelling of the same phone and card, keys in another order: the same content.
    const respelled = {
      ...vera,
      identifiers: [
        { kind: 'card', value: '200000001001' },
        { kind: 'phone', value: '+7 912 345 67 89' },
      ],
    };
    expect((await importRows([respelled])).body).toMatchObject({ created: 0, alreadyThere: 1 });
    const changed = await importRows([{ ...vera, firstName: 'Верa' }]);
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('import_refused');
    expect(changed.body.errors).toEqual([
      expect.objectContaining({ field: '/rows/0/externalId', code: 'import_changed' }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('spends opening lots soonest expiry first; a re-run after spending still changes nothing', async () => {
    const customer = await customerOf('C-1001');
    const debit = await server.call('POST', `/v1/customers/${customer.id}/points/adjustments`, {
      body: {
        points: -1300,
        reason: 'spent in the old system after the export',
        operationId: 'd-1',
      },
    });
    expect(debit.status).toBe(201);
    // The 1 200 valid until 2030-12-31 go first, then 100 of the 300 that never expire.
    expect(debit.body.draws.map((d: { points: number }) => d.points)).toEqual([1200, 100]);
    expect(debit.body.balance).toEqual({ active: 200, pending: 250, debt: 0 });
    expect((await importRows([vera])).body).toMatchObject({ created: 0, alreadyThere: 1 });
    const points = (await server.call('GET', `/v1/customers/${customer.id}/points`)).body;
    expect(points).toMatchObject({ active: 200, pending: 250 });
    expect(await checkPointsInvariant(server.db)).toEqual([]);
  });

  it('lists every conflict of every row at once, and a refused call writes nothing', async () => {
    const before = await counts();
    const rows = [
      { externalId: 'C-2001', identifiers: [{ kind: 'phone', value: '+79990000001' }] },
      // Row 1: the same phone as row 0, and Vera's card.
      {
        externalId: 'C-2002',
        identifiers: [
          { kind: 'phone', value: '89990000001' },
          { kind: 'card', value: '200000001001' },
        ],
      },
      // Row 2: the external id of row 0.
      { externalId: 'C-2001' },
      // Row 3: unknown tier, a lot already expired, a lot spendable after it expires.
      {
        externalId: 'C-2004',
        tierId: 'platinum',
        balance: [
          { points: 10, validUntil: '2020-01-31' },
          { points: 20, activatesOn: '2031-02-01', validUntil: '2031-01-31' },
        ],
      },
      // Row 4: bad dates and points, an unknown custom field, a bad e-mail.
      {
        externalId: 'C-2005',
        identifiers: [{ kind: 'email', value: 'not-an-email' }],
        birthDate: '1990-02-30',
        customFields: { shoeSize: 42 },
        balance: [{ points: 0 }, { points: 5, validUntil: '2030-13-01' }],
      },
    ];
    const dry = await importRows(rows, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ created: 1, alreadyThere: 0, openingPoints: 0 });
    expect(
      dry.body.conflicts.map(
        (c: { row: number; field: string; code: string; otherRow?: number }) =>
          `${c.row} ${c.field} ${c.code}${c.otherRow === undefined ? '' : ` ${c.otherRow}`}`,
      ),
    ).toEqual([
      '1 /identifiers/0/value duplicate_identifier 0',
      '1 /identifiers/1/value identifier_taken',
      '2 /externalId duplicate_external_id 0',
      '3 /balance/0/validUntil lot_expired',
      '3 /balance/1/activatesOn invalid_dates',
      '3 /tierId unknown_tier',
      '4 /balance/0/points invalid_points',
      '4 /balance/1/validUntil invalid_date',
      '4 /birthDate invalid_birth_date',
      '4 /customFields/shoeSize unknown_custom_field',
      '4 /identifiers/0/value invalid_email',
    ]);
    const real = await importRows(rows);
    expect(real.status).toBe(422);
    expect(real.body.code).toBe('import_refused');
    expect(real.body.errors).toHaveLength(11);
    expect(real.body.errors[0]).toMatchObject({
      field: '/rows/1/identifiers/0/value',
      code: 'duplicate_identifier',
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses points beyond the bound and a bad system name', async () => {
    const big = await importRows(
      [{ externalId: 'C-3001', balance: [{ points: 60_000_000_000 }, { points: 60_000_000_000 }] }],
      true,
    );
    expect(big.body.conflicts).toEqual([
      expect.objectContaining({ row: 0, field: '/balance', code: 'too_many_points' }),
    ]);
    const system = await importRows([{ externalId: 'C-3002' }], true, 'Old CRM!');
    expect(system.status).toBe(400);
    expect(system.body).toMatchObject({ code: 'invalid_system', field: '/system' });
  });

  it('lets past checks of an imported customer in, by the old id or the card', async () => {
    const customer = await customerOf('C-1001');
    const line = (checkId: string, who: object) => ({
      checkId,
      at: '2024-03-01 14:05',
      storeId: 'msk',
      customer: who,
      sku: 'MILK',
      quantityMilli: 1000,
      priceMinor: 8990,
      paidMinor: 8990,
    });
    const answer = await server.call('POST', '/v1/history/checks', {
      body: {
        lines: [
          line('OLD-1', { external: { system: 'oldcrm', id: 'C-1001' } }),
          line('OLD-2', { card: '2000 0000 1001' }),
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ checks: 2, created: 2 });
    const owners = await server.db
      .selectFrom('history_checks')
      .select('customer_id')
      .where('check_id', 'in', ['OLD-1', 'OLD-2'])
      .execute();
    expect(owners).toEqual([{ customer_id: customer.id }, { customer_id: customer.id }]);
  });
});
