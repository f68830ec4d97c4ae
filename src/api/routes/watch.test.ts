import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/categories', {
    body: {
      categories: [
        { id: 'food', name: 'Food', parentId: null },
        { id: 'oils', name: 'Oils', parentId: 'food' },
      ],
    },
  });
  await server.call('PUT', '/v1/products', {
    body: { products: [{ sku: 'OLIVE-1', name: 'Olive oil', categoryId: 'oils' }] },
  });
  const settings = await server.call('PUT', '/v1/ruleset/settings', {
    body: {
      stackingGroups: [
        { id: 'default', mode: 'cumulative' },
        { id: 'sales', mode: 'first' },
      ],
      maxLineDiscountBp: 10_000,
      maxCheckDiscountBp: 10_000,
      manualDiscountLimitsBp: {},
    },
  });
  expect(settings.status).toBe(200);
});
afterAll(() => server.close());

const oils = (id: string, percentBp: number, priority: number, extra: object = {}) => ({
  id,
  name: id,
  status: 'active',
  stacking: { groupId: 'sales', priority, exclusive: false },
  mechanic: { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp },
  ...extra,
});

// Monday 1 to Friday 5 March 2027, weekends only: never open.
const weekendsInAWorkingWeek = {
  validFromDate: '2027-03-01',
  validToDate: '2027-03-05',
  schedule: { days: [6, 7] },
};

describe('the promotion watch on save and activation', () => {
  it('answers a save with its findings and example carts', async () => {
    expect(
      (await server.call('POST', '/v1/promotions', { body: oils('oils-30', 3000, 5) })).status,
    ).toBe(201);
    const saved = await server.call('POST', '/v1/promotions', { body: oils('oils-10', 1000, 1) });
    expect(saved.status).toBe(201);
    expect(
      saved.body.findings.map((f: { cause: string; promotionIds: string[] }) => [
        f.cause,
        f.promotionIds,
      ]),
    ).toEqual([
      ['always_suppressed', ['oils-10', 'oils-30']],
      ['suppressed', ['oils-10', 'oils-30']],
    ]);
    // The default example price, 100 ₽: 30% off is 30 ₽, the 10% none.
    expect(saved.body.findings[1].example).toMatchObject({
      storeId: 'msk',
      lines: [{ sku: 'OLIVE-1', quantity: 1, unitPriceMinor: 10_000 }],
      totalMinor: 7_000,
      discountByPromotion: { 'oils-10': 0, 'oils-30': 3_000 },
    });
    expect(saved.body.findings[1].text.en).toBe(
      '“oils-30” keeps “oils-10” off the same items (stacking rules)',
    );
  });

  it('refuses an activation with a finding of severity error, saving nothing', async () => {
    const refused = await server.call('POST', '/v1/promotions', {
      body: oils('weekend', 1000, 0, {
        ...weekendsInAWorkingWeek,
        stacking: { groupId: 'default', priority: 0, exclusive: false },
      }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('activation_findings');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: '/status', code: 'schedule_never_open' }),
    ]);
    expect(refused.body.findings[0]).toMatchObject({
      kind: 'never_fires',
      severity: 'error',
      promotionIds: ['weekend'],
    });
    expect((await server.call('GET', '/v1/promotions/weekend')).status).toBe(404);
  });

  it('saves the draft with the finding, refuses its activation, and activates with a reason, audited', async () => {
    const body = oils('weekend', 1000, 0, {
      ...weekendsInAWorkingWeek,
      status: 'draft',
      stacking: { groupId: 'default', priority: 0, exclusive: false },
    });
    const draft = await server.call('POST', '/v1/promotions', { body });
    expect(draft.status).toBe(201);
    expect(draft.body.findings.map((f: { severity: string }) => f.severity)).toEqual(['error']);
    const refused = await server.call('POST', '/v1/promotions/weekend/status', {
      body: { status: 'active' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('activation_findings');
    const forced = await server.call('POST', '/v1/promotions/weekend/status', {
      body: { status: 'active', overrideReason: 'Dates get fixed tomorrow' },
    });
    expect(forced.status).toBe(200);
    expect(forced.body.status).toBe('active');
    const audit = await server.call('GET', '/v1/audit?entityType=promotion&entityId=weekend');
    const overridden = audit.body.items.find(
      (e: { action: string }) => e.action === 'promotion.findings_overridden',
    );
    expect(overridden.after).toEqual({
      reason: 'Dates get fixed tomorrow',
      findings: [{ cause: 'schedule_never_open', promotionIds: ['weekend'] }],
    });
  });
});

describe('GET /v1/watch/findings', () => {
  it('analyses the whole ruleset now, and answers the nightly run once it ran', async () => {
    const now = await server.call('GET', '/v1/watch/findings');
    expect(now.status).toBe(200);
    expect(now.body.promotions).toBe(3);
    expect(
      now.body.findings.map((f: { cause: string; promotionIds: string[] }) => [
        f.cause,
        ...f.promotionIds,
      ]),
    ).toEqual([
      ['always_suppressed', 'oils-10', 'oils-30'],
      ['suppressed', 'oils-10', 'oils-30'],
      ['schedule_never_open', 'weekend'],
    ]);
    const before = await server.call('GET', '/v1/watch/findings?source=latest');
    expect(before.status).toBe(404);
    expect(before.body.code).toBe('watch_not_run');
    const job = await server.call('POST', '/v1/jobs/promotion-watch/run', {
      body: { businessTime: '2026-12-05T00:00:00Z' },
    });
    expect(job.status).toBe(200);
    expect(job.body.counts).toEqual({ promotions: 3, errors: 1, warnings: 2, infos: 0 });
    const latest = await server.call('GET', '/v1/watch/findings?source=latest');
    expect(latest.status).toBe(200);
    expect(latest.body.analyzedAt).toBe('2026-12-05T00:00:00.000Z');
    expect(latest.body.findings).toHaveLength(3);
  });
});
