import { describe, expect, it } from 'vitest';
import type { CartLine } from '../model/cart.ts';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import { codes, line, promo, run } from '../testing/fixtures.ts';

// Friday 2025-03-07 12:00 in Moscow (the fixtures' store msk-1, channel pos).
const cart = [line('1', 'A', 10_000, 1)];
const tenOff = { kind: 'percent-off' as const, scope: {}, percentBp: 1000 };

const chain: PromotionDefinition[] = [
  promo('here', tenOff),
  promo('other-store', tenOff, { storeIds: ['spb-1'] }),
  promo('web-only', tenOff, { channels: ['web'] }),
  promo('paused', tenOff, { status: 'paused' }),
  promo('next-month', tenOff, { validFrom: '2025-04-01T00:00:00+03:00' }),
  promo('ended-this-morning', tenOff, { validTo: '2025-03-07T06:00:00Z' }),
  promo('ended-yesterday', tenOff, { validTo: '2025-03-06T20:59:59Z' }),
  promo('february', tenOff, { validFromDate: '2025-02-01', validToDate: '2025-02-28' }),
  promo('weekends', tenOff, { schedule: { days: [6, 7] } }),
  promo('evening', tenOff, { schedule: { windows: [{ from: '18:00', to: '20:00' }] } }),
  promo('vip', tenOff, { audience: { segmentIds: ['vip'], anonymousAllowed: false } }),
];

describe('which promotions a calculation explains', () => {
  it('by default, those that could concern this check: its store, channel and local day', () => {
    expect(codes(run(cart, chain))).toEqual({
      here: 'applied',
      'ended-this-morning': 'outside_validity',
      evening: 'outside_schedule',
      vip: 'not_in_segment',
    });
  });

  it('with explain "all", every promotion considered', () => {
    expect(codes(run(cart, chain, { context: { explain: 'all' } }))).toEqual({
      here: 'applied',
      'other-store': 'wrong_store',
      'web-only': 'wrong_channel',
      paused: 'not_active',
      'next-month': 'outside_validity',
      'ended-this-morning': 'outside_validity',
      'ended-yesterday': 'outside_validity',
      february: 'outside_validity',
      weekends: 'outside_schedule',
      evening: 'outside_schedule',
      vip: 'not_in_segment',
    });
  });

  it('keeps a promotion of another store whose coupon was entered, to explain the coupon', () => {
    const result = run(cart, chain, {
      context: { couponCodes: [{ code: 'SPB', promotionId: 'other-store', valid: true }] },
    });
    expect(codes(result)['other-store']).toBe('wrong_store');
    expect(result.coupons).toEqual([
      { code: 'SPB', promotionId: 'other-store', accepted: false, reason: 'wrong_store' },
    ]);
  });

  it('keeps the answer small for a chain: 1 000 promotions over 50 stores, a 10-line cart', () => {
    const categories = ['dairy', 'bakery', 'coffee', 'tea', 'oils'];
    const promotions = Array.from({ length: 1000 }, (_, i) =>
      promo(
        `p-${i}`,
        {
          kind: 'percent-off',
          scope: { categoryIds: [categories[i % categories.length] as string] },
          percentBp: 500 + (i % 10) * 100,
        },
        { name: `Акция ${i}: скидка на категорию`, storeIds: [`store-${i % 50}`] },
      ),
    );
    const lines: CartLine[] = Array.from({ length: 10 }, (_, i) =>
      line(String(i + 1), `SKU-${i}`, 10_000 + i * 1_000, 1 + (i % 3), {
        categoryIds: [categories[i % categories.length] as string],
      }),
    );
    const store = { id: 'store-7', channel: 'pos' as const, timeZone: 'Europe/Moscow' };
    const bounded = run(lines, promotions, { context: { store } });
    const all = run(lines, promotions, { context: { store, explain: 'all' } });
    // The store's own 20 promotions, every one touching the cart.
    expect(bounded.explanations).toHaveLength(20);
    expect(all.explanations).toHaveLength(1000);
    expect(bounded.totalMinor).toBe(all.totalMinor);
    const size = Buffer.byteLength(JSON.stringify(bounded));
    expect(size).toBeLessThan(20_000);
    expect(Buffer.byteLength(JSON.stringify(all))).toBeGreaterThan(200_000);
  });
});
