import { describe, expect, it } from 'vitest';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { defaultRulesetSettings } from '../engine/ruleset/ruleset-settings.ts';
import { promo } from '../engine/testing/fixtures.ts';
import { analyze, type WatchInput } from './analyze.ts';
import type { WatchWorld } from './witness.ts';

// Monday 2 March 2026, 12:00 in Moscow.
const world: WatchWorld = {
  now: '2026-03-02T09:00:00Z',
  settings: {
    ...defaultRulesetSettings,
    stackingGroups: [
      { id: 'default', mode: 'cumulative' },
      { id: 'sales', mode: 'first' },
    ],
  },
  products: [
    { sku: 'OIL-1', categoryIds: ['food', 'oils'], brand: 'Borges', priceMinor: 50_000 },
    { sku: 'OIL-2', categoryIds: ['food', 'oils'], priceMinor: 30_000, minPriceMinor: 27_000 },
    { sku: 'BREAD', categoryIds: ['food'], priceMinor: 5_000 },
  ],
  stores: [
    { id: 'vvo', channel: 'pos', timeZone: 'Asia/Vladivostok' },
    { id: 'msk', channel: 'pos', timeZone: 'Europe/Moscow' },
  ],
  segmentSizes: new Map([
    ['regulars', 10],
    ['nobody', 0],
  ]),
  pointValueMinor: 100,
  currency: 'RUB',
};

function input(promotions: PromotionDefinition[], extra: Partial<WatchInput> = {}): WatchInput {
  return {
    world,
    promotions,
    couponsLeft: new Map(),
    recentSubtotalsMinor: [],
    marginCeilingBp: 5_000,
    ...extra,
  };
}

const percent = (
  id: string,
  scope: object,
  percentBp: number,
  extra: Partial<PromotionDefinition> = {},
) => promo(id, { kind: 'percent-off', scope, percentBp }, { name: id, ...extra });

const oils10 = percent('oils-10', { categoryIds: ['oils'] }, 1000);
const food20 = percent('food-20', { categoryIds: ['food'] }, 2000);
const brief = (findings: ReturnType<typeof analyze>) =>
  findings.map((f) => [f.kind, f.cause, f.severity, f.promotionIds]);

describe('conflict analyzer: overlap', () => {
  it('finds two cumulative promotions on the same oil, with the combined discount', () => {
    const findings = analyze(input([oils10, food20]), ['oils-10']);
    expect(brief(findings)).toEqual([['overlap', 'stacked', 'info', ['oils-10', 'food-20']]]);
    const [stacked] = findings;
    // food-20 first (same priority, by id): 500.00 → 400.00, then 10% → 360.00.
    expect(stacked?.details).toEqual({ combinedDiscountMinor: 14_000, combinedBp: 2800 });
    expect(stacked?.example).toEqual({
      storeId: 'msk',
      at: '2026-03-02T09:00:00.000Z',
      customer: { segmentIds: [], tierId: null },
      couponCodes: [],
      lines: [{ sku: 'OIL-1', quantity: 1, unitPriceMinor: 50_000 }],
      subtotalMinor: 50_000,
      totalMinor: 36_000,
      discountByPromotion: { 'oils-10': 4_000, 'food-20': 10_000 },
    });
    expect(stacked?.text).toEqual({
      ru: '«oils-10» и «food-20» применяются к одним и тем же товарам вместе: на примере скидка 140 ₽ (28%)',
      en: '“oils-10” and “food-20” apply to the same items together: ₽140 off in the example (28%)',
    });
  });

  it('flags the combined discount above the margin ceiling', () => {
    const findings = analyze(input([oils10, food20], { marginCeilingBp: 2500 }), ['oils-10']);
    expect(brief(findings)).toEqual([
      ['margin_risk', 'over_ceiling', 'warning', ['oils-10', 'food-20']],
      ['overlap', 'stacked', 'info', ['oils-10', 'food-20']],
    ]);
    expect(findings[0]?.details).toEqual({ sku: 'OIL-1', effectiveBp: 2800, ceilingBp: 2500 });
    expect(findings[0]?.text.en).toBe(
      'The combined discount on OIL-1 is 28%, above the 25% ceiling',
    );
  });

  it('in a first group names which promotion suppresses which, and that it always does', () => {
    const sales = { groupId: 'sales', exclusive: false };
    const small = percent('oils-10', { categoryIds: ['oils'] }, 1000, {
      stacking: { ...sales, priority: 1 },
    });
    const big = percent('oils-30', { categoryIds: ['oils'] }, 3000, {
      stacking: { ...sales, priority: 5 },
    });
    const findings = analyze(input([small, big]), ['oils-10']);
    expect(brief(findings)).toEqual([
      ['never_fires', 'always_suppressed', 'warning', ['oils-10', 'oils-30']],
      ['overlap', 'suppressed', 'warning', ['oils-10', 'oils-30']],
    ]);
    expect(findings[0]?.details).toEqual({ cartsTried: 20 });
    expect(findings[1]?.example?.discountByPromotion).toEqual({ 'oils-10': 0, 'oils-30': 15_000 });
    expect(findings[1]?.text.ru).toBe(
      '«oils-30» не даёт применить «oils-10» к тем же товарам (правила суммирования)',
    );
  });

  it('finds no overlap between promotions on products that never meet', () => {
    const bread = percent('bread-5', { skus: ['BREAD'] }, 500);
    expect(analyze(input([oils10, bread]), null)).toEqual([]);
  });

  it('finds no overlap between promotions never open at the same time', () => {
    const monday = percent('oils-mon', { categoryIds: ['oils'] }, 1000, {
      schedule: { days: [1] },
    });
    const tuesday = percent('food-tue', { categoryIds: ['food'] }, 1000, {
      schedule: { days: [2] },
    });
    expect(analyze(input([monday, tuesday]), null)).toEqual([]);
  });

  it('gives the same findings every run', () => {
    const all = [oils10, food20, percent('bread-5', { skus: ['BREAD'] }, 500)];
    expect(analyze(input(all), null)).toEqual(analyze(input(all), null));
  });
});

describe('conflict analyzer: never fires', () => {
  const only = (p: PromotionDefinition, extra: Partial<WatchInput> = {}) =>
    brief(analyze(input([p], extra), [p.id]));

  it('a promotion whose validity is over', () => {
    const over = percent('old', {}, 1000, { validTo: '2026-03-01T00:00:00Z' });
    expect(only(over)).toEqual([['never_fires', 'validity_over', 'warning', ['old']]]);
    const overByDate = percent('old-date', {}, 1000, { validToDate: '2026-03-01' });
    expect(only(overByDate)).toEqual([['never_fires', 'validity_over', 'warning', ['old-date']]]);
  });

  it('a scope that matches no product', () => {
    expect(only(percent('ghost', { skus: ['NOPE'] }, 1000))).toEqual([
      ['never_fires', 'empty_scope', 'warning', ['ghost']],
    ]);
  });

  it('an audience of empty segments', () => {
    const audience = { segmentIds: ['nobody'], anonymousAllowed: false };
    expect(only(percent('lonely', {}, 1000, { audience }))).toEqual([
      ['never_fires', 'empty_segment', 'warning', ['lonely']],
    ]);
  });

  it('weekend hours inside a working-week validity, in every store', () => {
    const p = percent('weekend', {}, 1000, {
      validFromDate: '2026-03-02',
      validToDate: '2026-03-06',
      schedule: { days: [6, 7] },
    });
    expect(only(p)).toEqual([['never_fires', 'schedule_never_open', 'error', ['weekend']]]);
    // The same week with Friday is open.
    expect(only({ ...p, schedule: { days: [5, 6, 7] } })).toEqual([]);
  });

  it('a coupon promotion whose codes are all used', () => {
    const p = percent('coupon', {}, 1000, { couponRequired: true });
    expect(only(p, { couponsLeft: new Map([['coupon', 0]]) })).toEqual([
      ['never_fires', 'coupons_exhausted', 'error', ['coupon']],
    ]);
    expect(only(p, { couponsLeft: new Map([['coupon', 3]]) })).toEqual([]);
  });

  it('a threshold above every recent check', () => {
    const p = percent('big-spender', {}, 1000, {
      conditions: { minSubtotal: { amountMinor: 1_000_000 } },
    });
    const findings = analyze(input([p], { recentSubtotalsMinor: [50_000, 120_000] }), [p.id]);
    expect(brief(findings)).toEqual([
      ['never_fires', 'threshold_unreached', 'warning', ['big-spender']],
    ]);
    expect(findings[0]?.details).toEqual({
      thresholdMinor: 1_000_000,
      largestMinor: 120_000,
      checks: 2,
    });
    expect(findings[0]?.text.ru).toBe(
      'Порог «big-spender» 10\u00a0000 ₽ выше любого из последних 2 чеков (наибольший 1\u00a0200 ₽)',
    );
  });
});

describe('conflict analyzer: margin', () => {
  it('a promotion that only ever reaches the minimum price shows its effective discount', () => {
    const p = percent('oil2-50', { skus: ['OIL-2'] }, 5000);
    const findings = analyze(input([p]), [p.id]);
    expect(brief(findings)).toEqual([['margin_risk', 'min_price_only', 'warning', ['oil2-50']]]);
    // 300.00 at 50% would be 150.00; the minimum price 270.00 leaves 30.00 (10%).
    expect(findings[0]?.details).toEqual({ sku: 'OIL-2', effectiveBp: 1000, nominalBp: 5000 });
    expect(findings[0]?.example?.totalMinor).toBe(27_000);
  });
});
