import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activePoints, buy, newCustomer, startTierServer } from '../../tiers/tier-test-kit.ts';
import { onPurchaseCommitted } from '../../tiers/tier-transitions.ts';
import type { TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTierServer();
});
afterAll(() => server.close());

const base = { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 };
const gold = {
  id: 'gold',
  name: { ru: 'Золотой', en: 'Gold' },
  threshold: 1_500_000,
  welcomeBonusPoints: 500,
};
const program = (overrides: object) => ({
  metric: 'spent_minor',
  period: { kind: 'calendar_year' },
  comparison: 'more_than',
  autoTransition: false,
  downgradeAtPeriodEnd: false,
  tiers: [base, gold],
  ...overrides,
});
const move = (customerId: string, body: object, key?: string) =>
  server.call('POST', `/v1/customers/${customerId}/tier`, { body, ...(key ? { key } : {}) });

describe('PUT /v1/tiers', () => {
  it('answers 404 before any programme, then saves an audited programme with revisions', async () => {
    expect((await server.call('GET', '/v1/tiers')).body.code).toBe('tiers_not_configured');
    const saved = await server.call('PUT', '/v1/tiers', { body: program({}) });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ revision: 1, changedPromotions: [] });
    const again = await server.call('PUT', '/v1/tiers', { body: program({}) });
    expect(again.body.revision).toBe(2);
    expect(
      (await server.call('GET', '/v1/tiers', { key: server.keys.pos })).body.program.tiers,
    ).toHaveLength(2);
    const audit = await server.call('GET', '/v1/audit?entityType=tier_program');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'tiers.update',
      'tiers.update',
    ]);
    expect(audit.body.items[1]).toMatchObject({ before: null, actor: { name: 'test admin' } });
  });

  it('lists every problem and changes nothing', async () => {
    const answer = await server.call('PUT', '/v1/tiers', {
      body: program({ metric: 'visits', tiers: [base, { ...gold, threshold: 0 }] }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_tier_program');
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual([
      '/metric',
      '/tiers/1/threshold',
    ]);
    expect((await server.call('GET', '/v1/tiers')).body.revision).toBe(2);
  });

  it('is for administrators only', async () => {
    const answer = await server.call('PUT', '/v1/tiers', {
      body: program({}),
      key: server.keys.pos,
    });
    expect(answer.status).toBe(403);
  });
});

describe('manual moves', () => {
  it('with auto-transition off, an administrator moves customers; purchases move nobody', async () => {
    await server.call('PUT', '/v1/tiers', { body: program({ autoTransition: false }) });
    const ivan = await newCustomer(server);
    const event = await buy(server, ivan, 2_000_000, '2025-03-01T12:00:00+03:00');
    const outcome = await server.db.transaction().execute((trx) => onPurchaseCommitted(trx, event));
    expect(outcome).toMatchObject({ tierId: 'base', moved: false });
    const up = await move(ivan, {
      tierId: 'gold',
      note: 'VIP guest',
      at: '2025-03-02T10:00:00+03:00',
    });
    expect(up.status).toBe(200);
    expect(up.body).toEqual({
      previousTierId: 'base',
      tierId: 'gold',
      moved: true,
      metric: 2_000_000,
      welcomeBonusPoints: 500,
    });
    const down = await move(ivan, { tierId: 'base' });
    expect(down.body).toMatchObject({ tierId: 'base', welcomeBonusPoints: 0 });
    const upAgain = await move(ivan, { tierId: 'gold' });
    expect(upAgain.body).toMatchObject({ tierId: 'gold', welcomeBonusPoints: 0 });
    expect(await activePoints(server, ivan)).toBe(500);
    const view = (await server.call('GET', `/v1/customers/${ivan}/tier`)).body;
    expect(
      view.history.map((h: { reason: string; toTierId: string }) => `${h.reason}:${h.toTierId}`),
    ).toEqual(['manual:gold', 'manual:base', 'manual:gold']);
    expect(view.history[2]).toMatchObject({ note: 'VIP guest', actorName: 'test admin' });
  });

  it('refuses unknown tiers, unknown customers and other roles', async () => {
    const olga = await newCustomer(server);
    expect((await move(olga, { tierId: 'diamond' })).body).toMatchObject({
      code: 'unknown_tier',
      field: '/tierId',
    });
    const nobody = '00000000-0000-4000-8000-000000000000';
    expect((await move(nobody, { tierId: 'gold' })).body.code).toBe('customer_not_found');
    expect((await move(olga, { tierId: 'gold' }, server.keys.pos)).status).toBe(403);
  });

  it('with auto-transition on, manual moves are refused as in the seed', async () => {
    await server.call('PUT', '/v1/tiers', { body: program({ autoTransition: true }) });
    const petr = await newCustomer(server);
    const answer = await move(petr, { tierId: 'gold' });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('manual_moves_disabled');
  });
});

describe('Högl: 15% discount once accumulated purchases reach 300 000 ₽', () => {
  it('enters the tier at exactly 300 000 ₽ and the discount is a promotion for that tier', async () => {
    const hogl = {
      metric: 'spent_minor',
      period: { kind: 'all_time' },
      comparison: 'at_least',
      autoTransition: true,
      downgradeAtPeriodEnd: false,
      tiers: [
        base,
        {
          id: 'hogl-15',
          name: { ru: 'Högl 15%', en: 'Högl 15%' },
          threshold: 30_000_000,
          discountBp: 1500,
        },
      ],
    };
    const saved = await server.call('PUT', '/v1/tiers', { body: hogl });
    expect(saved.body.changedPromotions).toEqual(['tier-discount-hogl-15']);
    const promotion = (await server.call('GET', '/v1/promotions/tier-discount-hogl-15')).body;
    expect(promotion).toMatchObject({
      status: 'active',
      definition: {
        audience: { tierIds: ['hogl-15'], anonymousAllowed: false },
        mechanic: { kind: 'percent-off', scope: {}, percentBp: 1500 },
      },
    });
    const rita = await newCustomer(server);
    // The tier outcome the commit recorded on its receipt.
    const hook = async (bought: Awaited<ReturnType<typeof buy>>) => bought.tier;
    expect(
      await hook(await buy(server, rita, 20_000_000, '2023-05-01T12:00:00+03:00')),
    ).toMatchObject({ tierId: 'base' });
    const view = (await server.call('GET', `/v1/customers/${rita}/tier?at=2024-01-01T00:00:00Z`))
      .body;
    expect(view.next.message.ru).toBe(
      'Потратьте ещё 100\u00a0000 ₽, чтобы перейти на уровень Högl 15%',
    );
    expect(
      await hook(await buy(server, rita, 10_000_000, '2025-05-01T12:00:00+03:00')),
    ).toMatchObject({
      tierId: 'hogl-15',
      metric: 30_000_000,
    });
    // From then on every cart of hers is 15% off, applied by the engine as the tier's promotion.
    const cart = await server.call('POST', '/v1/carts/calculate', {
      key: server.keys.pos,
      body: {
        storeId: 'msk',
        customer: { id: rita },
        lines: [{ lineId: '1', sku: 'A', unitPriceMinor: 1_000_000, quantity: 1 }],
      },
    });
    expect(cart.body).toMatchObject({
      customer: { status: 'identified' },
      totalMinor: 850_000,
      discountMinor: 150_000,
    });
    // Without a discount the tier's promotion is paused, not archived, so it can come back.
    const plain = { ...hogl, tiers: [base, { ...hogl.tiers[1], discountBp: undefined }] };
    const paused = await server.call('PUT', '/v1/tiers', {
      body: JSON.parse(JSON.stringify(plain)),
    });
    expect(paused.body.changedPromotions).toEqual(['tier-discount-hogl-15']);
    expect((await server.call('GET', '/v1/promotions/tier-discount-hogl-15')).body.status).toBe(
      'paused',
    );
    const restored = await server.call('PUT', '/v1/tiers', { body: hogl });
    expect(restored.body.changedPromotions).toEqual(['tier-discount-hogl-15']);
    expect((await server.call('GET', '/v1/promotions/tier-discount-hogl-15')).body.status).toBe(
      'active',
    );
  });
});
