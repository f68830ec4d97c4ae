import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../api/test-server.ts';
import { holdoutBucket } from '../promotions/holdout.ts';
import {
  activePoints,
  buyCounted,
  campaign,
  newCustomer,
  startCampaignServer,
} from './campaign-test-kit.ts';

// A purchase campaign's control group: a held-out customer's purchases make no progress.
let server: TestServer;
let customerId: string;
let heldOutOf: string;
let treatedBy: string;

beforeAll(async () => {
  server = await startCampaignServer();
  customerId = await newCustomer(server);
  // The customer's id is random: pick campaign ids by the customer's bucket in them.
  const ids = Array.from({ length: 40 }, (_, k) => `first-${k}`);
  heldOutOf = ids.find((id) => holdoutBucket(`campaign:${id}`, customerId) < 5000) as string;
  treatedBy = ids.find((id) => holdoutBucket(`campaign:${id}`, customerId) >= 5000) as string;
  for (const [id, points] of [
    [heldOutOf, 100],
    [treatedBy, 200],
  ] as const) {
    const body = campaign(
      id,
      { kind: 'purchase_count', count: 1, minAmountMinor: 1 },
      { kind: 'points', points },
      { holdoutShareBp: 5000 },
    );
    const created = await server.call('POST', '/v1/campaigns', { body });
    expect(created.body).toMatchObject({ id });
  }
});
afterAll(() => server.close());

describe('a campaign control group', () => {
  it('gives the held-out customer no progress, the other campaign its reward', async () => {
    const bought = await buyCounted(server, customerId, 10_000, '2026-03-02T10:00:00Z');
    expect(bought.outcomes).toMatchObject([{ campaignId: treatedBy, granted: true }]);
    expect(bought.outcomes).toHaveLength(1);
    expect(await activePoints(server, customerId)).toBe(200);
    const { items } = (await server.call('GET', `/v1/customers/${customerId}/campaigns`)).body;
    const byId = Object.fromEntries(items.map((p: { campaignId: string }) => [p.campaignId, p]));
    expect(byId[heldOutOf]).toMatchObject({
      done: 0,
      target: 1,
      rewarded: false,
      heldOut: true,
      text: {
        ru: 'Контрольная группа: покупки не засчитываются',
        en: 'held out: control group, purchases do not count',
      },
    });
    expect(byId[treatedBy]).toMatchObject({ done: 1, rewarded: true, heldOut: false });
  });

  it('refuses a control group on a campaign without purchase progress, and a share over 50%', async () => {
    const birthday = campaign(
      'bday-hold',
      { kind: 'registration' },
      { kind: 'points', points: 10 },
      { holdoutShareBp: 1000 },
    );
    const refused = await server.call('POST', '/v1/campaigns', { body: birthday });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'holdout_not_supported',
      field: '/holdoutShareBp',
    });
    const tooMany = campaign(
      'too-many',
      { kind: 'purchase_count', count: 1, minAmountMinor: 1 },
      { kind: 'points', points: 10 },
      { holdoutShareBp: 5001 },
    );
    const bounds = await server.call('POST', '/v1/campaigns', { body: tooMany });
    expect(bounds.status).toBe(400);
    expect(bounds.contentType).toContain('application/problem+json');
    expect(JSON.stringify(bounds.body)).toContain('/holdoutShareBp');
    for (const id of ['bday-hold', 'too-many']) {
      expect((await server.call('GET', `/v1/campaigns/${id}`)).status).toBe(404);
    }
  });
});
