import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { CurrentWatch } from './watch-service.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/categories', {
    body: { categories: [{ id: 'oils', name: 'Oils', parentId: null }] },
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
  for (const [id, percentBp, priority] of [
    ['oils-10', 1_000, 1],
    ['oils-30', 3_000, 2],
  ] as const) {
    const saved = await server.call('POST', '/v1/promotions', {
      body: {
        id,
        name: id,
        status: 'active',
        stacking: { groupId: 'sales', priority, exclusive: false },
        mechanic: { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp },
      },
    });
    expect(saved.status).toBe(201);
  }
});
afterAll(() => server.close());

const causes = (run: Awaited<ReturnType<CurrentWatch['run']>>) =>
  run.findings.map((f) => [f.cause, ...f.promotionIds]);

/** A clock that stands still until moved. */
function clockAt(iso: string) {
  let ms = Date.parse(iso);
  return {
    now: () => new Date(ms),
    advance: (minutes: number) => {
      ms += minutes * 60_000;
    },
  };
}

describe('CurrentWatch', () => {
  it('answers a kept analysis while the settled input is the same and it is under 5 minutes old', async () => {
    const clock = clockAt('2026-12-07T10:00:00Z');
    const watch = new CurrentWatch(server.db, 5 * 60_000, clock.now);
    const first = await watch.run();
    expect(first.analyzedAt).toBe('2026-12-07T10:00:00.000Z');
    expect(causes(first)).toEqual([
      ['always_suppressed', 'oils-10', 'oils-30'],
      ['suppressed', 'oils-10', 'oils-30'],
    ]);
    clock.advance(4);
    expect(await watch.run()).toBe(first);

    // A check sold at another price moves trading figures only: the analysis is kept.
    const sold = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: {
        storeId: 'msk',
        transactionId: 'watch-kept-1',
        lines: [{ lineId: '1', sku: 'OLIVE-1', unitPriceMinor: 45_000, quantity: 1 }],
      },
    });
    expect(sold.status).toBe(201);
    expect(await watch.run()).toBe(first);

    clock.advance(1);
    const aged = await watch.run();
    expect(aged.analyzedAt).toBe('2026-12-07T10:05:00.000Z');
    expect(causes(aged)).toEqual(causes(first));
  });

  it('analyses again as soon as a promotion or the catalogue changes', async () => {
    const clock = clockAt('2026-12-07T11:00:00Z');
    const watch = new CurrentWatch(server.db, 5 * 60_000, clock.now);
    const first = await watch.run();

    const paused = await server.call('POST', '/v1/promotions/oils-30/status', {
      body: { status: 'paused' },
    });
    expect(paused.status).toBe(200);
    clock.advance(1);
    const afterPause = await watch.run();
    expect(afterPause.analyzedAt).toBe('2026-12-07T11:01:00.000Z');
    expect(afterPause.promotions).toBe(first.promotions - 1);
    expect(causes(afterPause)).toEqual([]);

    const tagged = await server.call('PUT', '/v1/products', {
      body: {
        products: [{ sku: 'OLIVE-1', name: 'Olive oil', categoryId: 'oils', tags: ['imported'] }],
      },
    });
    expect(tagged.status).toBe(200);
    clock.advance(1);
    expect((await watch.run()).analyzedAt).toBe('2026-12-07T11:02:00.000Z');
  });

  it('lets requests that arrive during an analysis share it', async () => {
    const clock = clockAt('2026-12-07T12:00:00Z');
    const watch = new CurrentWatch(server.db, 5 * 60_000, clock.now);
    const first = watch.run();
    clock.advance(1);
    const second = watch.run();
    const [a, b] = await Promise.all([first, second]);
    expect(b).toBe(a);
    expect(a.analyzedAt).toBe('2026-12-07T12:00:00.000Z');
  });
});
