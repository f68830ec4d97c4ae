import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../api/test-server.ts';
import { buy, newCustomer, startTierServer } from '../tiers/tier-test-kit.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTierServer();
});
afterAll(() => server.close());

const program = (autoTransition: boolean) => ({
  metric: 'spent_minor',
  period: { kind: 'calendar_year' },
  comparison: 'more_than',
  autoTransition,
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
});

const tierEvents = async (customerId: string) =>
  (
    await server.db
      .selectFrom('domain_events')
      .select(['type', 'occurred_at', 'payload'])
      .where('customer_id', '=', customerId)
      .where('type', '=', 'tier.changed')
      .orderBy('seq')
      .execute()
  ).map((row) => ({ at: row.occurred_at.toISOString(), payload: row.payload }));

describe('tier.changed', () => {
  it('is written by an upgrading purchase, its return and a move by hand', async () => {
    await server.call('PUT', '/v1/tiers', { body: program(true) });
    const anna = await newCustomer(server);
    await buy(server, anna, 1_000_000, '2026-03-01T12:00:00+03:00');
    expect(await tierEvents(anna)).toEqual([]);
    const upgrade = await buy(server, anna, 600_000, '2026-03-02T12:00:00+03:00');
    const returned = await server.call('POST', `/v1/purchases/${upgrade.purchaseId}/cancel`, {
      key: server.keys.pos,
      body: { at: '2026-03-03T12:00:00+03:00' },
    });
    expect(returned.status).toBe(201);
    await server.call('PUT', '/v1/tiers', { body: program(false) });
    const byHand = await server.call('POST', `/v1/customers/${anna}/tier`, {
      body: { tierId: 'gold', note: 'complaint 1842' },
    });
    expect(byHand.status).toBe(200);
    const events = await tierEvents(anna);
    expect(events.slice(0, 2)).toEqual([
      {
        at: '2026-03-02T09:00:00.000Z',
        payload: {
          previousTierId: 'base',
          tierId: 'gold',
          reason: 'purchase',
          purchaseId: upgrade.purchaseId,
          welcomeBonusPoints: 500,
        },
      },
      {
        at: '2026-03-03T09:00:00.000Z',
        payload: {
          previousTierId: 'gold',
          tierId: 'base',
          reason: 'return',
          purchaseId: upgrade.purchaseId,
          welcomeBonusPoints: 0,
        },
      },
    ]);
    // The welcome bonus of gold was credited once ever: coming back by hand credits none.
    expect(events[2]?.payload).toEqual({
      previousTierId: 'base',
      tierId: 'gold',
      reason: 'manual',
      purchaseId: null,
      welcomeBonusPoints: 0,
    });
  });
});
