import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteExpiredCalculations } from '../../carts/calculation-log-retention.ts';
import { writeCalculations } from '../../carts/calculation-log-rows.ts';
import type { Db } from '../../store/database.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

const logOn = { calculationLog: { enabled: true, retentionDays: 7 } };
// 07:30Z is 12:30 in Yekaterinburg: after the cheese happy hour (10:00–12:00).
const at = '2027-02-10T07:30:00Z';
const cart = (customer?: object) => ({
  storeId: 'ekb',
  at,
  ...(customer ? { customer } : {}),
  lines: [{ lineId: '1', sku: 'GOUDA', unitPriceMinor: 50_000, quantity: 1 }],
});

/** A store, a product and a promotion that does not apply to it at `at`. */
async function stock(server: TestServer): Promise<void> {
  await server.call('PUT', '/v1/stores/ekb', {
    body: { name: 'ekb', region: 'RU', timeZone: 'Asia/Yekaterinburg', channel: 'pos' },
  });
  await server.call('PUT', '/v1/categories', {
    body: { categories: [{ id: 'cheese', name: 'Cheese', parentId: null }] },
  });
  await server.call('PUT', '/v1/products', {
    body: { products: [{ sku: 'GOUDA', name: 'Gouda', categoryId: 'cheese' }] },
  });
  await server.call('POST', '/v1/promotions', {
    body: {
      id: 'cheese-hours',
      name: 'Cheese happy hour',
      status: 'active',
      stacking: { groupId: 'default', priority: 10, exclusive: false },
      mechanic: { kind: 'percent-off', scope: { categoryIds: ['cheese'] }, percentBp: 1000 },
      schedule: { windows: [{ from: '10:00', to: '12:00' }] },
    },
  });
}

const calculate = (server: TestServer, body: object) =>
  server.call('POST', '/v1/carts/calculate', { key: server.keys.pos, body });

async function newCustomer(server: TestServer, phone: string): Promise<string> {
  const created = await server.call('POST', '/v1/customers', {
    body: { identifiers: [{ kind: 'phone', value: phone }] },
  });
  return created.body.id;
}

async function loggedRows(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('calculation_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

// Consecutive calculations land in distinct milliseconds, so "newest first" is one order.
const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

describe('calculation log switched off (the default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await stock(server);
  });
  afterAll(() => server.close());

  it('writes nothing, and a calculation id is not found', async () => {
    const calculated = await calculate(server, cart());
    expect(calculated.status).toBe(200);
    await server.app.calculationLog.flush();
    expect(await loggedRows(server.db)).toBe(0);
    const answer = await server.call('GET', `/v1/calculations/${calculated.body.calculationId}`);
    expect(answer.status).toBe(404);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'calculation_not_found', field: '/id' });
    expect(answer.body.detail).toContain('the calculation log is off');
  });
});

describe('calculation log switched on', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(logOn);
    await stock(server);
  });
  afterAll(() => server.close());

  it('gives back the request and the answer, with why each promotion applied or not, and no phone', async () => {
    const customerId = await newCustomer(server, '+79120000001');
    const request = cart({ phone: '+79120000001' });
    const calculated = await calculate(server, request);
    expect(calculated.body.explanations).toEqual([
      expect.objectContaining({
        promotionId: 'cheese-hours',
        applied: false,
        code: 'outside_schedule',
      }),
    ]);
    await server.app.calculationLog.flush();

    const answer = await server.call('GET', `/v1/calculations/${calculated.body.calculationId}`, {
      key: server.keys.analyst,
    });
    expect(answer.status).toBe(200);
    const posKey = await server.db
      .selectFrom('api_keys')
      .select('id')
      .where('name', '=', 'test pos')
      .executeTakeFirstOrThrow();
    expect(answer.body).toEqual({
      calculationId: calculated.body.calculationId,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      apiKeyId: posKey.id,
      storeId: 'ekb',
      customerId,
      rulesetVersion: calculated.body.rulesetVersion,
      request: { ...request, customer: { phone: '[redacted]' } },
      result: calculated.body,
    });
    expect(answer.body.result.explanations).toEqual(calculated.body.explanations);
    const stored = await server.db
      .selectFrom('calculation_log')
      .select((eb) => eb.cast<string>('request', 'text').as('text'))
      .where('id', '=', calculated.body.calculationId)
      .executeTakeFirstOrThrow();
    expect(stored.text).toContain('[redacted]');
    expect(stored.text).not.toContain('9120000001');
  });

  it('is read by administrators and analysts, not by tills or the web shop', async () => {
    const calculated = await calculate(server, cart());
    await server.app.calculationLog.flush();
    const path = `/v1/calculations/${calculated.body.calculationId}`;
    expect((await server.call('GET', path, { key: server.keys.admin })).status).toBe(200);
    expect((await server.call('GET', path, { key: server.keys.pos })).status).toBe(403);
    expect((await server.call('GET', path, { key: server.keys.web })).status).toBe(403);
    const anonymous = await server.call('GET', path);
    expect(anonymous.body).toMatchObject({
      customerId: null,
      result: { customer: { status: 'anonymous' } },
    });
  });

  it("lists a customer's calculations newest first, a page at a time", async () => {
    const customerId = await newCustomer(server, '+79120000002');
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      ids.push((await calculate(server, cart({ id: customerId }))).body.calculationId);
      await calculate(server, cart());
      await tick();
    }
    await server.app.calculationLog.flush();

    const path = `/v1/customers/${customerId}/calculations`;
    const first = await server.call('GET', `${path}?limit=2`, { key: server.keys.analyst });
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: { calculationId: string }) => c.calculationId)).toEqual([
      ids[2],
      ids[1],
    ]);
    expect(first.body.items[0].result.explanations[0].code).toBe('outside_schedule');
    const second = await server.call('GET', `${path}?limit=2&before=${first.body.nextBefore}`);
    expect(second.body.items.map((c: { calculationId: string }) => c.calculationId)).toEqual([
      ids[0],
    ]);
    expect(second.body.nextBefore).toBeNull();

    const badCursor = await server.call('GET', `${path}?before=bm9uc2Vuc2U`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('invalid_cursor');
    const nobody = await server.call(
      'GET',
      '/v1/customers/00000000-0000-4000-8000-000000000000/calculations',
    );
    expect(nobody.status).toBe(404);
    expect(nobody.body.code).toBe('customer_not_found');
  });

  it("moves a merged profile's calculations to the survivor", async () => {
    const survivorId = await newCustomer(server, '+79120000003');
    const mergedId = await newCustomer(server, '+79120000004');
    await calculate(server, cart({ id: survivorId }));
    await tick();
    const fromMerged = await calculate(server, cart({ id: mergedId }));
    await server.app.calculationLog.flush();
    const merge = await server.call('POST', `/v1/customers/${survivorId}/merge`, {
      body: { mergedId },
    });
    expect(merge.status).toBe(200);

    for (const id of [survivorId, mergedId]) {
      const listed = await server.call('GET', `/v1/customers/${id}/calculations`);
      expect(listed.body.items).toHaveLength(2);
      expect(listed.body.items[0]).toMatchObject({
        calculationId: fromMerged.body.calculationId,
        customerId: survivorId,
      });
    }
  });

  it('refuses a malformed id with problem+json', async () => {
    for (const path of ['/v1/calculations/not-a-uuid', '/v1/customers/nope/calculations']) {
      const answer = await server.call('GET', path);
      expect(answer.status).toBe(400);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ field: '/id' });
    }
  });

  it('retention deletes what is older than the retention, and only that', async () => {
    const now = new Date();
    const daysAgo = (days: number, extraMs = 0) =>
      new Date(now.getTime() - days * 86_400_000 - extraMs);
    const entry = (id: string, createdAt: Date) => ({
      id,
      createdAt,
      apiKeyId: null,
      storeId: 'ekb',
      customerId: null,
      rulesetVersion: '1',
      request: cart(),
      result: {},
    });
    const ages = [daysAgo(30), daysAgo(10), daysAgo(8), daysAgo(7, 1), daysAgo(7), daysAgo(6)];
    const ids = ages.map((_, n) => `10000000-0000-4000-8000-00000000000${n + 1}`);
    await writeCalculations(
      server.db,
      ages.map((createdAt, n) => entry(ids[n] as string, createdAt)),
    );
    const before = await loggedRows(server.db);

    // Two rows per statement: the backlog goes in several rounds.
    expect(await deleteExpiredCalculations(server.db, now, 7, 2)).toBe(4);
    expect(await loggedRows(server.db)).toBe(before - 4);
    const kept = await server.db
      .selectFrom('calculation_log')
      .select('id')
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    expect(kept.map((row) => row.id)).toEqual(ids.slice(4));
    expect(await deleteExpiredCalculations(server.db, now, 7)).toBe(0);
  });
});

describe('calculation log on close', () => {
  it('writes what is still queued when the app closes', async () => {
    const server = await startTestServer(logOn);
    try {
      await stock(server);
      const calculated = await calculate(server, cart());
      await server.app.close();
      const row = await server.db.selectFrom('calculation_log').select('id').executeTakeFirst();
      expect(row?.id).toBe(calculated.body.calculationId);
    } finally {
      await server.database.close();
    }
  });
});
