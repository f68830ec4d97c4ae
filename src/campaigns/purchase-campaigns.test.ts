import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../api/test-server.ts';
import {
  activePoints,
  buyCounted,
  campaign,
  newCustomer,
  returnCounted,
  startCampaignServer,
} from './campaign-test-kit.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startCampaignServer();
  const february = campaign(
    'feb3',
    { kind: 'purchase_count', count: 3, minAmountMinor: 50_000 },
    { kind: 'points', points: 300 },
    { period: { from: '2026-02-01', to: '2026-02-28' } },
  );
  expect((await server.call('POST', '/v1/campaigns', { body: february })).status).toBe(201);
});
afterAll(() => server.close());

const buyOne = (customerId: string, priceMinor: number, at: string) =>
  buyCounted(server, customerId, priceMinor, at);
const returned = (purchaseId: string, at: string) => returnCounted(server, purchaseId, at);

const progress = async (customerId: string) =>
  (await server.call('GET', `/v1/customers/${customerId}/campaigns`)).body.items[0];

describe('3 purchases in February', () => {
  it('completes on the third qualifying purchase, once, and the text shows progress', async () => {
    const anna = await newCustomer(server);
    // 31 Jan 23:30 Moscow is still January; 1 Feb 00:10 Moscow (31 Jan 21:10Z) is February.
    await buyOne(anna, 60_000, '2026-01-31T20:30:00Z');
    await buyOne(anna, 60_000, '2026-01-31T21:10:00Z');
    await buyOne(anna, 49_999, '2026-02-03T10:00:00Z'); // under the minimum
    expect(await progress(anna)).toMatchObject({
      done: 1,
      target: 3,
      rewarded: false,
      text: { ru: '1 из 3 покупок', en: '1 of 3 purchases' },
    });
    await buyOne(anna, 50_000, '2026-02-10T10:00:00Z');
    expect((await progress(anna)).text).toEqual({ ru: '2 из 3 покупок', en: '2 of 3 purchases' });
    expect(await activePoints(server, anna)).toBe(0);
    const third = await buyOne(anna, 70_000, '2026-02-20T10:00:00Z');
    expect(third.outcomes).toMatchObject([{ campaignId: 'feb3', granted: true }]);
    expect(await activePoints(server, anna)).toBe(300);
    const fourth = await buyOne(anna, 70_000, '2026-02-21T10:00:00Z');
    expect(fourth.outcomes).toMatchObject([{ granted: false, reason: 'already_given' }]);
    expect(await activePoints(server, anna)).toBe(300);
    expect(await progress(anna)).toMatchObject({ done: 3, rewarded: true });
  });

  it('a returned purchase no longer counts: the reward waits, or is taken back', async () => {
    const boris = await newCustomer(server);
    const first = await buyOne(boris, 60_000, '2026-02-01T10:00:00Z');
    await buyOne(boris, 60_000, '2026-02-02T10:00:00Z');
    expect(await returned(first.purchaseId, '2026-02-03T10:00:00Z')).toEqual([]);
    const third = await buyOne(boris, 60_000, '2026-02-04T10:00:00Z');
    expect(third.outcomes).toEqual([]); // only 2 kept: not complete on the returned one
    expect((await progress(boris)).text.en).toBe('2 of 3 purchases');
    const fourth = await buyOne(boris, 60_000, '2026-02-05T10:00:00Z');
    expect(fourth.outcomes).toMatchObject([{ granted: true }]);
    expect(await activePoints(server, boris)).toBe(300);
    const revoked = await returned(fourth.purchaseId, '2026-02-06T10:00:00Z');
    expect(revoked).toHaveLength(1);
    expect(await activePoints(server, boris)).toBe(0);
    expect(await progress(boris)).toMatchObject({ done: 2, rewarded: false });
    // Completed again by a later purchase: rewarded again, under a new operation.
    const fifth = await buyOne(boris, 60_000, '2026-02-07T10:00:00Z');
    expect(fifth.outcomes).toMatchObject([{ granted: true }]);
    expect(await activePoints(server, boris)).toBe(300);
  });
});
