import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activePoints,
  buy,
  campaign,
  newCustomer,
  startCampaignServer,
} from '../../campaigns/campaign-test-kit.ts';
import { runCampaignJobs } from '../../campaigns/run-campaign-jobs.ts';
import type { TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startCampaignServer();
});
afterAll(() => server.close());

describe('definitions', () => {
  it('lists every problem at once and changes nothing', async () => {
    const bad = campaign('bad', { kind: 'registration' }, null, {
      period: { from: '2026-03-31', to: '2026-02-30' },
      audience: { segmentIds: ['nobody'] },
    });
    const answer = await server.call('POST', '/v1/campaigns', { body: bad });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(
      answer.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/period/to', 'invalid_date'],
      ['/period/to', 'period_reversed'],
      ['/reward', 'reward_required'],
      ['/audience/segmentIds/0', 'unknown_segment'],
    ]);
    expect((await server.call('GET', '/v1/campaigns/bad')).status).toBe(404);
  });

  it('creates, replaces (kind fixed) and audits; writes are for admins', async () => {
    const body = campaign('welcome', { kind: 'registration' }, { kind: 'points', points: 50 });
    expect(
      (await server.call('POST', '/v1/campaigns', { key: server.keys.pos, body })).status,
    ).toBe(403);
    expect((await server.call('POST', '/v1/campaigns', { body })).status).toBe(201);
    expect((await server.call('POST', '/v1/campaigns', { body })).body.code).toBe(
      'campaign_exists',
    );
    const renamed = await server.call('PUT', '/v1/campaigns/welcome', {
      body: { ...body, name: 'Hi' },
    });
    expect(renamed.body).toMatchObject({ revision: 2, definition: { name: 'Hi' } });
    const otherKind = { ...body, rule: { kind: 'first_purchase' } };
    expect((await server.call('PUT', '/v1/campaigns/welcome', { body: otherKind })).body.code).toBe(
      'kind_fixed',
    );
    const audit = await server.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', 'welcome')
      .execute();
    expect(audit.map((row) => row.action).sort()).toEqual(['campaign.create', 'campaign.update']);
    await server.call('PUT', '/v1/campaigns/welcome', { body: { ...body, status: 'paused' } });
  });
});

describe('actions', () => {
  it('rewards up to the cap per day, idempotent by actionId', async () => {
    const shared = campaign(
      'share',
      { kind: 'action', actionType: 'shared_post', capPerPeriod: 2, capPeriod: 'day' },
      { kind: 'points', points: 10 },
    );
    expect((await server.call('POST', '/v1/campaigns', { body: shared })).status).toBe(201);
    const vera = await newCustomer(server);
    const act = (actionId: string, at: string, type = 'shared_post') =>
      server.call('POST', `/v1/customers/${vera}/actions`, {
        key: server.keys.web,
        body: { type, actionId, at },
      });
    // 20:59Z and 21:00Z on 5 May are two Moscow days (23:59 and 00:00).
    expect((await act('a1', '2026-05-05T10:00:00Z')).body.rewards).toMatchObject([
      { granted: true },
    ]);
    expect((await act('a2', '2026-05-05T20:59:00Z')).body.rewards).toMatchObject([
      { granted: true },
    ]);
    const third = await act('a3', '2026-05-05T20:59:30Z');
    expect(third.body.rewards).toEqual([
      { campaignId: 'share', granted: false, reason: 'cap_reached' },
    ]);
    const again = await act('a1', '2026-05-05T10:00:00Z');
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect((await act('a1', '2026-05-05T10:00:00Z', 'joined_group')).body.code).toBe(
      'action_conflict',
    );
    expect((await act('a4', '2026-05-05T21:00:00Z')).body.rewards).toMatchObject([
      { granted: true },
    ]);
    expect(await activePoints(server, vera)).toBe(30);
  });
});

describe('abandoned carts', () => {
  it('emits one event per cart not followed by a purchase within the hours', async () => {
    const cartCampaign = campaign('cart', { kind: 'abandoned_cart', hours: 24 }, null);
    expect((await server.call('POST', '/v1/campaigns', { body: cartCampaign })).status).toBe(201);
    const gleb = await newCustomer(server);
    const dina = await newCustomer(server);
    const report = (cartId: string, customerId: string) =>
      server.call('POST', '/v1/carts/abandoned', {
        key: server.keys.web,
        body: { cartId, customerId, totalMinor: 99_000, at: '2026-06-01T10:00:00Z' },
      });
    expect((await report('c-gleb', gleb)).body.recorded).toBe(true);
    expect((await report('c-gleb', gleb)).body.recorded).toBe(false);
    await report('c-dina', dina);
    await buy(server, dina, 10_000, '2026-06-02T09:00:00Z'); // within 24 h
    const at = (iso: string) => runCampaignJobs(server.db, Date.parse(iso));
    expect((await at('2026-06-02T09:59:59Z')).abandonedCartEvents).toBe(0);
    expect((await at('2026-06-02T10:00:00Z')).abandonedCartEvents).toBe(1);
    expect((await at('2026-06-02T12:00:00Z')).abandonedCartEvents).toBe(0);
    const events = await server.call('GET', '/v1/events?after=0');
    expect(events.body.items).toMatchObject([
      {
        kind: 'abandoned_cart',
        payload: { cartId: 'c-gleb', customerId: gleb, totalMinor: 99_000 },
      },
    ]);
    const after = events.body.items[0].id;
    expect((await server.call('GET', `/v1/events?after=${after}`)).body.items).toEqual([]);
  });
});
