import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../api/test-server.ts';
import { newSeries } from '../coupons/coupon-test-kit.ts';
import {
  activePoints,
  buyCounted,
  campaign,
  newCustomer,
  returnCounted,
  startCampaignServer,
} from './campaign-test-kit.ts';

let server: TestServer;
let seriesId: string;
beforeAll(async () => {
  server = await startCampaignServer();
  seriesId = (await newSeries(server.db)).id;
});
afterAll(() => server.close());

const tiers = (autoTransition: boolean) => ({
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
      welcomeBonusPoints: 70,
    },
  ],
});

const buyOne = (customerId: string, at: string) => buyCounted(server, customerId, 10_000, at);

describe('coupon and tier rewards', () => {
  it('a first purchase issues a personal coupon, kept when the purchase is returned', async () => {
    const body = campaign('first-coupon', { kind: 'first_purchase' }, { kind: 'coupon', seriesId });
    expect((await server.call('POST', '/v1/campaigns', { body })).status).toBe(201);
    const anna = await newCustomer(server);
    const first = await buyOne(anna, '2026-07-01T10:00:00Z');
    expect(first.outcomes).toMatchObject([
      { campaignId: 'first-coupon', granted: true, reward: { kind: 'coupon', seriesId } },
    ]);
    expect((await buyOne(anna, '2026-07-02T10:00:00Z')).outcomes).toEqual([]);
    await returnCounted(server, first.purchaseId);
    const coupons = await server.db
      .selectFrom('coupons')
      .select('series_id')
      .where('customer_id', '=', anna)
      .execute();
    expect(coupons).toEqual([{ series_id: seriesId }]);
    await server.call('PUT', `/v1/campaigns/first-coupon`, { body: { ...body, status: 'paused' } });
  });

  it('a tier reward needs manual tiers, and moves the customer up with the tier welcome bonus', async () => {
    await server.call('PUT', '/v1/tiers', { body: tiers(true) });
    const body = campaign(
      'gold-for-two',
      { kind: 'purchase_count', count: 2 },
      { kind: 'tier', tierId: 'gold' },
    );
    const refused = await server.call('POST', '/v1/campaigns', { body });
    expect(refused.body).toMatchObject({
      status: 400,
      code: 'manual_tiers_required',
      field: '/reward/tierId',
    });
    await server.call('PUT', '/v1/tiers', { body: tiers(false) });
    expect((await server.call('POST', '/v1/campaigns', { body })).status).toBe(201);
    const boris = await newCustomer(server);
    await buyOne(boris, '2026-07-03T10:00:00Z');
    const second = await buyOne(boris, '2026-07-04T10:00:00Z');
    expect(second.outcomes).toMatchObject([
      { granted: true, reward: { kind: 'tier', tierId: 'gold', fromTierId: 'base' } },
    ]);
    const tier = await server.call('GET', `/v1/customers/${boris}/tier`);
    expect(tier.body).toMatchObject({ tier: { id: 'gold' } });
    expect(await activePoints(server, boris)).toBe(70);
  });
});
