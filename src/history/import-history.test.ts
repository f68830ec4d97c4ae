import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { loadFacts } from '../segments/load-facts.ts';

let server: TestServer;
let anna: string;
let boris: string;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'Tverskaya', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/stores/web', {
    body: { name: 'Shop', region: 'Russia', timeZone: 'Asia/Vladivostok', channel: 'web' },
  });
  const customer = async (identifiers: object[]) =>
    (await server.call('POST', '/v1/customers', { body: { identifiers } })).body.id as string;
  anna = await customer([{ kind: 'card', value: 'HIST-1' }]);
  boris = await customer([{ kind: 'phone', value: '+79161112233' }]);
});
afterAll(() => server.close());

const importLines = (lines: object[], outliers?: object) =>
  server.call('POST', '/v1/history/checks', { body: { lines, ...(outliers ? { outliers } : {}) } });

const noAccrual = { accruedChecks: 0, accruedPoints: 0, expiredPoints: 0 };

const line = (checkId: string, fields: object = {}) => ({
  checkId,
  at: '2024-03-01T14:05:00+03:00',
  storeId: 'msk',
  sku: 'MILK',
  quantityMilli: 1000,
  priceMinor: 9_990,
  paidMinor: 9_990,
  ...fields,
});

const days = async (customerId: string) =>
  (await loadFacts(server.db, [customerId]))
    .get(customerId)
    ?.days.toSorted((a, b) => (a.day < b.day ? -1 : 1));

describe('POST /v1/history/checks', () => {
  it('stores checks line by line, identified and anonymous; a re-run changes nothing', async () => {
    const lines = [
      line('A-1', { customer: { card: 'hist 1' }, discountMinor: 990, paidMinor: 9_000 }),
      line('A-1', {
        customer: { card: 'hist 1' },
        sku: 'CHEESE',
        quantityMilli: 2_474,
        priceMinor: 9_999,
        paidMinor: 24_738,
      }),
      line('A-2', { at: '01.03.2024 23:30', storeId: 'web', paidMinor: 5_000 }),
    ];
    const first = await importLines(lines);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      lines: 3,
      checks: 2,
      created: 2,
      alreadyStored: 0,
      outliers: [],
      ...noAccrual,
    });
    const checks = await server.db
      .selectFrom('history_checks')
      .selectAll()
      .where('check_id', 'in', ['A-1', 'A-2'])
      .orderBy('check_id')
      .execute();
    expect(
      checks.map((c) => [
        c.check_id,
        c.channel,
        c.business_at.toISOString(),
        c.customer_id,
        c.line_count,
        c.quantity_milli,
        c.total_minor,
        c.discount_minor,
        c.paid_minor,
        c.outlier,
      ]),
    ).toEqual([
      // 9 999 × 2.474 kg = 24 737.5 → 24 738, plus 9 990.
      ['A-1', 'offline', '2024-03-01T11:05:00.000Z', anna, 2, 3_474, 34_728, 990, 33_738, false],
      // Local time of a Vladivostok store (UTC+10); a web store sells online.
      ['A-2', 'online', '2024-03-01T13:30:00.000Z', null, 1, 1_000, 9_990, 0, 5_000, false],
    ]);
    expect(await days(anna)).toEqual([{ day: '2024-03-01', spentMinor: 33_738, purchaseCount: 1 }]);
    const again = await importLines(lines);
    expect(again.body).toEqual({
      lines: 3,
      checks: 2,
      created: 0,
      alreadyStored: 2,
      outliers: [],
      ...noAccrual,
    });
    expect(await days(anna)).toEqual([{ day: '2024-03-01', spentMinor: 33_738, purchaseCount: 1 }]);
  });

  it('a known check id with other content is a conflict, and the whole call changes nothing', async () => {
    const answer = await importLines([
      line('B-1'),
      line('A-2', { at: '01.03.2024 23:30', storeId: 'web', paidMinor: 4_000 }),
    ]);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('check_conflict');
    expect(answer.body.errors).toEqual([
      {
        field: '/lines/1/checkId',
        code: 'check_conflict',
        message: 'check A-2 is stored with other content',
      },
    ]);
    const stored = await server.db
      .selectFrom('history_checks')
      .select('check_id')
      .where('check_id', '=', 'B-1')
      .execute();
    expect(stored).toEqual([]);
  });

  it('lists every fault at once, with the line at fault', async () => {
    const answer = await importLines([
      line('C-1', { storeId: 'nowhere' }),
      line('C-2', { customer: { phone: '+79990000000' } }),
      line('C-3', { at: '2999-01-01T00:00:00Z', discountMinor: 20_000 }),
      line('C-3', { at: '2999-01-02T00:00:00Z', sku: ' ' }),
      line('C-4', { at: '31.02.2024 10:00', customer: { phone: 'call me' } }),
      line('C-5', { priceMinor: 100, paidMinor: 101 }),
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(
      answer.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`).sort(),
    ).toEqual(
      [
        '/lines/0/storeId unknown_store',
        '/lines/1/customer unknown_customer',
        '/lines/2/discountMinor discount_exceeds_total',
        '/lines/2/at check_in_future',
        '/lines/3/sku invalid_sku',
        '/lines/3/at check_fields_differ',
        '/lines/4/at invalid_time',
        '/lines/4/customer/phone invalid_phone',
        '/lines/5/paidMinor paid_exceeds_total',
      ].sort(),
    );
    const stored = await server.db
      .selectFrom('history_checks')
      .select('check_id')
      .where('check_id', 'like', 'C-%')
      .execute();
    expect(stored).toEqual([]);
  });

  it('flags wholesale-sized checks by the thresholds given and leaves them out of the aggregates', async () => {
    const answer = await importLines(
      [
        line('D-1', {
          customer: { phone: '8 916 111-22-33' },
          quantityMilli: 50_000,
          paidMinor: 400_000,
        }),
        line('D-2', {
          customer: { phone: '+79161112233' },
          at: '2024-03-02T10:00:00+03:00',
          paidMinor: 9_990,
        }),
      ],
      { quantityMilli: 40_000 },
    );
    expect(answer.body.outliers).toEqual([
      { checkId: 'D-1', line: 0, paidMinor: 400_000, quantityMilli: 50_000, reasons: ['quantity'] },
    ]);
    const flags = await server.db
      .selectFrom('history_checks')
      .select(['check_id', 'outlier'])
      .where('check_id', 'in', ['D-1', 'D-2'])
      .orderBy('check_id')
      .execute();
    expect(flags).toEqual([
      { check_id: 'D-1', outlier: true },
      { check_id: 'D-2', outlier: false },
    ]);
    expect(await days(boris)).toEqual([{ day: '2024-03-02', spentMinor: 9_990, purchaseCount: 1 }]);
  });
});
