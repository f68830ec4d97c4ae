import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const promotion = (id: string, groupId: string, status = 'active') => ({
  id,
  name: id,
  status,
  stacking: { groupId, priority: 1, exclusive: false },
  mechanic: { kind: 'percent-off', scope: {}, percentBp: 1000 },
});

const settings = (mode: string) => ({
  stackingGroups: [
    { id: 'default', mode: 'cumulative' },
    { id: 'ordered', mode },
  ],
  maxLineDiscountBp: 10_000,
  maxCheckDiscountBp: 10_000,
  manualDiscountLimitsBp: {},
});

describe('a best-order group holds at most 5 active promotions', () => {
  it('refuses the sixth active one at save with the field, and takes it as a draft', async () => {
    expect(
      (await server.call('PUT', '/v1/ruleset/settings', { body: settings('best-order') })).status,
    ).toBe(200);
    for (const n of [1, 2, 3, 4, 5]) {
      const saved = await server.call('POST', '/v1/promotions', {
        body: promotion(`o${n}`, 'ordered'),
      });
      expect(saved.status).toBe(201);
    }
    const sixth = await server.call('POST', '/v1/promotions', { body: promotion('o6', 'ordered') });
    expect(sixth.status).toBe(422);
    expect(sixth.body.code).toBe('stacking_group_full');
    expect(sixth.body.errors).toEqual([
      expect.objectContaining({ field: '/stacking/groupId', code: 'stacking_group_full' }),
    ]);
    const listed = await server.call('GET', '/v1/promotions/o6');
    expect(listed.status).toBe(404);
    const draft = await server.call('POST', '/v1/promotions', {
      body: promotion('o6', 'ordered', 'draft'),
    });
    expect(draft.status).toBe(201);
    const activated = await server.call('PUT', '/v1/promotions/o6', {
      body: promotion('o6', 'ordered'),
    });
    expect(activated.status).toBe(422);
    expect(activated.body.code).toBe('stacking_group_full');
    // Re-saving one of the five is no sixth.
    const resaved = await server.call('PUT', '/v1/promotions/o1', {
      body: { ...promotion('o1', 'ordered'), name: 'first' },
    });
    expect(resaved.status).toBe(200);
  });

  it('refuses making a group of six best-order, naming its mode', async () => {
    expect(
      (await server.call('PUT', '/v1/ruleset/settings', { body: settings('cumulative') })).status,
    ).toBe(200);
    const sixth = await server.call('PUT', '/v1/promotions/o6', {
      body: promotion('o6', 'ordered'),
    });
    expect(sixth.status).toBe(200);
    const refused = await server.call('PUT', '/v1/ruleset/settings', {
      body: settings('best-order'),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('stacking_group_full');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: '/stackingGroups/1/mode', code: 'stacking_group_full' }),
    ]);
    const after = await server.call('GET', '/v1/ruleset/settings');
    expect(after.body.settings.stackingGroups[1].mode).toBe('cumulative');
  });
});
