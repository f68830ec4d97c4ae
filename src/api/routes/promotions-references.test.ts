import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;

const tiers = (ids: string[]) => ({
  metric: 'spent_minor',
  period: { kind: 'calendar_year' },
  comparison: 'more_than',
  autoTransition: true,
  downgradeAtPeriodEnd: false,
  tiers: ids.map((id, i) => ({ id, name: { ru: id, en: id }, threshold: i * 100_000 })),
});

beforeAll(async () => {
  server = await startTestServer();
  const store = (id: string, timeZone: string) =>
    server.call('PUT', `/v1/stores/${id}`, {
      body: { name: id, region: 'RU', timeZone, channel: 'pos' },
    });
  await store('msk', 'Europe/Moscow');
  await store('vvo', 'Asia/Vladivostok');
  await server.call('PUT', '/v1/categories', {
    body: {
      categories: [
        { id: 'food', name: 'Food', parentId: null },
        { id: 'oils', name: 'Oils', parentId: 'food' },
        { id: 'olive', name: 'Olive oils', parentId: 'oils' },
        { id: 'toys', name: 'Toys', parentId: null },
      ],
    },
  });
  await server.call('PUT', '/v1/products', {
    body: {
      products: [
        { sku: 'OLIVE-1', name: 'Olive oil', categoryId: 'olive', brand: 'Borges' },
        { sku: 'BREAD', name: 'Bread', categoryId: 'food', tags: ['fresh'] },
      ],
    },
  });
  await server.call('POST', '/v1/segments', {
    body: { id: 'regulars', name: 'Regulars', rule: { kind: 'purchaseCount', days: 30, min: 1 } },
  });
  await server.call('PUT', '/v1/tiers', { body: tiers(['base', 'gold']) });
});
afterAll(() => server.close());

const promotion = (id: string, extra: object = {}) => ({
  id,
  name: id,
  status: 'active',
  stacking: { groupId: 'default', priority: 1, exclusive: false },
  mechanic: { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1000 },
  ...extra,
});

describe('saving a promotion checks what it names', () => {
  it('refuses every unknown store, stacking group, segment and tier in one 422, saving nothing', async () => {
    const answer = await server.call('POST', '/v1/promotions', {
      body: promotion('broken-refs', {
        storeIds: ['msk', 'spb'],
        stacking: { groupId: 'weekend', priority: 1, exclusive: false },
        audience: {
          segmentIds: ['regulars', 'vip'],
          excludedSegmentIds: ['fraud'],
          tierIds: ['platinum'],
          anonymousAllowed: false,
        },
        mechanic: { kind: 'percent-off', scope: { categoryIds: ['nope'] }, percentBp: 1000 },
      }),
    });
    expect(answer.status).toBe(422);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.code).toBe('unknown_references');
    expect(
      answer.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/storeIds/1', 'unknown_store'],
      ['/stacking/groupId', 'unknown_stacking_group'],
      ['/audience/segmentIds/1', 'unknown_segment'],
      ['/audience/excludedSegmentIds/0', 'unknown_segment'],
      ['/audience/tierIds/0', 'unknown_tier'],
    ]);
    expect((await server.call('GET', '/v1/promotions/broken-refs')).status).toBe(404);
  });

  it('names schema faults and unknown references together in one 400', async () => {
    const { stacking: _stacking, ...body } = promotion('three-faults', { storeIds: ['spb'] });
    const answer = await server.call('POST', '/v1/promotions', {
      body: { ...body, mechanic: { kind: 'percent-off', scope: {}, percentBp: 0 } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_promotion');
    expect(
      answer.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/stacking', 'required'],
      ['/mechanic/percentBp', 'out_of_range'],
      ['/storeIds/0', 'unknown_store'],
    ]);
  });

  it('answers a selector nested 10 000 deep with a 400, not a 500', async () => {
    // Written as text: JSON.stringify itself recurses.
    const deep = `${'{"exclude":'.repeat(10_000)}{"skus":["A"]}${'}'.repeat(10_000)}`;
    const body = JSON.stringify(promotion('deep')).replace('{"categoryIds":["oils"]}', deep);
    const answer = await server.call('POST', '/v1/promotions', { rawBody: body });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
  });

  it('saves catalogue references that match nothing, with stable warnings', async () => {
    const answer = await server.call('POST', '/v1/promotions', {
      body: promotion('catalogue-misses', {
        couponRequired: true,
        conditions: { mustContain: { skus: ['BREAD', 'NO-SUCH-SKU'] } },
        mechanic: {
          kind: 'cross-discount',
          trigger: { brands: ['Borges', 'Nobrand'] },
          triggerQuantity: 1,
          target: { categoryIds: ['toys'], exclude: { categoryIds: ['gone'] } },
          percentBp: 1000,
        },
      }),
    });
    expect(answer.status).toBe(201);
    expect(
      answer.body.warnings.map((w: { field: string; code: string }) => [w.field, w.code]),
    ).toEqual([
      ['/conditions/mustContain/skus/1', 'unknown_sku'],
      ['/mechanic/target/exclude/categoryIds/0', 'unknown_category'],
      ['/mechanic/trigger/brands/1', 'unknown_brand'],
      ['/couponRequired', 'no_coupon_series'],
    ]);
    const empty = await server.call('POST', '/v1/promotions', {
      body: promotion('toys-off', {
        mechanic: { kind: 'percent-off', scope: { categoryIds: ['toys'] }, percentBp: 1000 },
      }),
    });
    expect(empty.body.warnings).toEqual([
      {
        field: '/mechanic/scope',
        code: 'empty_scope',
        message: 'The selector matches no product of the catalogue today (price criteria aside)',
      },
    ]);
    const fresh = await server.call('POST', '/v1/promotions', {
      body: promotion('fresh-off', {
        mechanic: { kind: 'percent-off', scope: { tags: ['fresh'] }, percentBp: 1000 },
      }),
    });
    expect(fresh.body.warnings).toEqual([]);
  });

  it('lets a coupon series silence its warning', async () => {
    const series = await server.call('POST', '/v1/coupon-series', {
      body: {
        id: 'misses',
        promotionId: 'catalogue-misses',
        name: 'Misses',
        kind: 'shared',
        prefix: 'WEEK25',
      },
    });
    expect(series.body).toMatchObject({ id: 'misses' });
    const read = await server.call('GET', '/v1/promotions/catalogue-misses');
    expect(read.body.warnings.map((w: { code: string }) => w.code)).toEqual([
      'unknown_sku',
      'unknown_category',
      'unknown_brand',
    ]);
  });

  it('refuses the issue’s example: an unknown category warns, an undeclared group refuses', async () => {
    const body = promotion('nope', {
      stacking: { groupId: 'weekend', priority: 1, exclusive: false },
      mechanic: { kind: 'percent-off', scope: { categoryIds: ['nope'] }, percentBp: 1000 },
    });
    const refused = await server.call('POST', '/v1/promotions', { body });
    expect(refused.body).toMatchObject({ status: 422, code: 'unknown_stacking_group' });
    const settings = (await server.call('GET', '/v1/ruleset')).body.settings;
    await server.call('PUT', '/v1/ruleset/settings', {
      body: {
        ...settings,
        stackingGroups: [...settings.stackingGroups, { id: 'weekend', mode: 'best' }],
      },
    });
    const saved = await server.call('POST', '/v1/promotions', { body });
    expect(saved.status).toBe(201);
    expect(saved.body.warnings).toEqual([
      {
        field: '/mechanic/scope/categoryIds/0',
        code: 'unknown_category',
        message: 'No category "nope"',
      },
    ]);
  });

  it('puts aside a promotion whose tier is gone, but refuses to activate it', async () => {
    const gold = promotion('gold-only', {
      audience: { tierIds: ['gold'], anonymousAllowed: false },
    });
    expect((await server.call('POST', '/v1/promotions', { body: gold })).status).toBe(201);
    await server.call('PUT', '/v1/tiers', { body: tiers(['base', 'silver']) });
    const read = await server.call('GET', '/v1/promotions/gold-only');
    expect(read.body.warnings).toEqual([
      {
        field: '/audience/tierIds/0',
        code: 'unknown_tier',
        message: 'No tier "gold" in the tier programme',
      },
    ]);
    const paused = await server.call('POST', '/v1/promotions/gold-only/status', {
      body: { status: 'paused' },
    });
    expect(paused.status).toBe(200);
    expect(paused.body.warnings.map((w: { code: string }) => w.code)).toEqual(['unknown_tier']);
    const activated = await server.call('POST', '/v1/promotions/gold-only/status', {
      body: { status: 'active' },
    });
    expect(activated.status).toBe(422);
    expect(activated.body).toMatchObject({ code: 'unknown_tier', field: '/audience/tierIds/0' });
  });
});

describe('validity by local dates through the API', () => {
  beforeAll(async () => {
    const created = await server.call('POST', '/v1/promotions', {
      body: promotion('february-oils', {
        validFromDate: '2025-02-01',
        validToDate: '2025-02-28',
        mechanic: { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1500 },
      }),
    });
    expect(created.status).toBe(201);
  });

  const calculateAt = async (storeId: string, at: string, explain?: string) =>
    (
      await server.call('POST', '/v1/carts/calculate', {
        key: server.keys.pos,
        body: {
          storeId,
          at,
          lines: [{ lineId: '1', sku: 'OLIVE-1', unitPriceMinor: 100_000, quantity: 1 }],
          ...(explain ? { explain } : {}),
        },
      })
    ).body;

  it.each([
    // 1 February starts at 14:00Z the day before in Vladivostok (+10), at 21:00Z in Moscow (+3).
    { store: 'vvo', at: '2025-01-31T13:59:59Z', totalMinor: 100_000 },
    { store: 'vvo', at: '2025-01-31T14:00:00Z', totalMinor: 85_000 },
    { store: 'msk', at: '2025-01-31T14:00:00Z', totalMinor: 100_000 },
    { store: 'msk', at: '2025-01-31T21:00:00Z', totalMinor: 85_000 },
    { store: 'vvo', at: '2025-02-28T14:00:00Z', totalMinor: 100_000 },
    { store: 'msk', at: '2025-02-28T20:59:59Z', totalMinor: 85_000 },
  ])('February in $store at $at: total $totalMinor', async ({ store, at, totalMinor }) => {
    expect((await calculateAt(store, at)).totalMinor).toBe(totalMinor);
  });

  it('explains the local dates when outside them, if asked for every promotion', async () => {
    // Not valid on the store's local day, so not about this check: left out by default.
    const bounded = await calculateAt('vvo', '2025-02-28T14:00:00Z');
    expect(bounded.explanations.map((e: { promotionId: string }) => e.promotionId)).not.toContain(
      'february-oils',
    );
    const answer = await calculateAt('vvo', '2025-02-28T14:00:00Z', 'all');
    expect(
      answer.explanations.find((e: { promotionId: string }) => e.promotionId === 'february-oils'),
    ).toMatchObject({
      code: 'outside_validity',
      text: {
        en: 'valid from 2025-02-01 to 2025-02-28 inclusive in store local dates (it is 2025-03-01 here)',
      },
    });
  });
});
