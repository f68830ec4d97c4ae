import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
let anna: string;
let boris: string;

beforeAll(async () => {
  server = await startTestServer();
  const customer = async (email: string) =>
    (
      await server.call('POST', '/v1/customers', {
        body: { identifiers: [{ kind: 'email', value: email }] },
      })
    ).body.id as string;
  anna = await customer('anna@example.ru');
  boris = await customer('boris@example.ru');
  const segment = await server.call('POST', '/v1/segments', {
    body: {
      id: 'opens-email',
      name: 'Opens our e-mails',
      rule: { kind: 'communication', event: 'opened', channel: 'email', days: 30, min: 2 },
    },
  });
  expect(segment.status).toBe(201);
});
afterAll(() => server?.close());

const report = (events: object[], key = server.keys.web) =>
  server.call('POST', '/v1/communications/events', { key, body: { events } });
const members = async () =>
  (await server.call('GET', '/v1/segments/opens-email/members')).body.items.map(
    (m: { customerId: string }) => m.customerId,
  );
const opened = (id: string, customer: object, at: string) => ({
  id,
  customer,
  event: 'opened',
  channel: 'email',
  campaign: 'spring',
  at,
});

describe('POST /v1/communications/events', () => {
  it('records events, and a customer who opened twice in 30 days joins the segment at once', async () => {
    const now = Date.now();
    const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
    const first = await report([
      opened('e-1', { email: 'ANNA@example.ru' }, daysAgo(2)),
      opened('e-2', { id: boris }, daysAgo(3)),
      // Too long ago for a 30-day window.
      opened('e-3', { id: boris }, daysAgo(40)),
    ]);
    expect([first.status, first.body]).toEqual([200, { recorded: 3, alreadyThere: 0 }]);
    expect(await members()).toEqual([]);
    const second = await report([
      opened('e-1', { email: 'anna@example.ru' }, daysAgo(2)),
      opened('e-4', { id: anna }, daysAgo(1)),
      { ...opened('e-5', { id: boris }, daysAgo(1)), event: 'clicked' },
    ]);
    expect(second.body).toEqual({ recorded: 2, alreadyThere: 1 });
    expect(await members()).toEqual([anna]);
    const why = await server.call('GET', `/v1/segments/opens-email/explain/${anna}`);
    expect(why.body.reasons[0]).toMatchObject({
      en: '2 "opened" by email in the last 30 days, needs ≥ 2',
      ru: 'событий «открыто» по email за последние 30 дн.: 2, нужно ≥ 2',
    });
  });

  it('refuses the whole batch, naming every event at fault, and writes nothing', async () => {
    const before = await server.db.selectFrom('communication_events').select('id').execute();
    const refused = await report([
      opened('f-1', { id: anna }, new Date().toISOString()),
      opened('f-2', { email: 'nobody@example.ru' }, new Date().toISOString()),
      opened('f-3', { phone: '12' }, new Date().toISOString()),
      opened('f-4', { id: anna }, '2099-01-01T00:00:00Z'),
      opened('f-5', { id: anna, email: 'anna@example.ru' }, new Date().toISOString()),
    ]);
    expect(refused.status).toBe(400);
    expect(
      refused.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/events/2/customer/phone', 'invalid_phone'],
      ['/events/4/customer', 'customer_needs_one_identifier'],
      ['/events/1/customer', 'unknown_customer'],
      ['/events/3/at', 'event_in_future'],
    ]);
    expect(await server.db.selectFrom('communication_events').select('id').execute()).toEqual(
      before,
    );
  });

  it('refuses an event id reported before with other content', async () => {
    const changed = await report([
      { ...opened('e-1', { id: anna }, new Date().toISOString()), event: 'clicked' },
    ]);
    expect([changed.status, changed.body.code, changed.body.field]).toEqual([
      409,
      'event_conflict',
      '/events/0/id',
    ]);
  });

  it('is for the web shop’s and admin keys, not for a till', async () => {
    const till = await report(
      [opened('g-1', { id: anna }, new Date().toISOString())],
      server.keys.pos,
    );
    expect(till.status).toBe(403);
  });

  it('refuses a segment over a coupon series that does not exist', async () => {
    const refused = await server.call('POST', '/v1/segments', {
      body: {
        id: 'used-welcome',
        name: 'Used a welcome coupon',
        rule: {
          kind: 'or',
          rules: [{ kind: 'couponUsed' }, { kind: 'couponUsed', seriesId: 'welcom' }],
        },
      },
    });
    expect([refused.status, refused.body.code, refused.body.field]).toEqual([
      400,
      'unknown_coupon_series',
      '/rule/rules/1/seriesId',
    ]);
  });

  it('moves the history to the survivor of a merge', async () => {
    const merged = await server.call('POST', `/v1/customers/${anna}/merge`, {
      body: { mergedId: boris },
    });
    expect(merged.status).toBeLessThan(300);
    const rows = await server.db
      .selectFrom('communication_events')
      .select('customer_id')
      .distinct()
      .execute();
    expect(rows.map((r) => r.customer_id)).toEqual([anna]);
  });
});
