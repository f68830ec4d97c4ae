import { describe, expect, it } from 'vitest';
import type { CalculationContext } from '../model/context.ts';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import { codes, line, promo, run } from '../testing/fixtures.ts';

const cart = [line('1', 'A', 10_000, 1)];
const tenOff = { kind: 'percent-off' as const, scope: {}, percentBp: 1000 };

const cases: {
  name: string;
  promotion?: Partial<PromotionDefinition>;
  context?: Partial<CalculationContext>;
  code: string;
}[] = [
  { name: 'plain active promotion', code: 'applied' },
  { name: 'paused', promotion: { status: 'paused' }, code: 'not_active' },
  {
    name: 'before validity',
    promotion: { validFrom: '2025-03-08T00:00:00+03:00' },
    code: 'outside_validity',
  },
  {
    name: 'validTo is exclusive',
    promotion: { validTo: '2025-03-07T09:00:00Z' },
    code: 'outside_validity',
  },
  {
    name: 'inside validity',
    promotion: { validFrom: '2025-03-01T00:00:00+03:00', validTo: '2025-04-01T00:00:00+03:00' },
    code: 'applied',
  },
  { name: 'wrong weekday', promotion: { schedule: { days: [6, 7] } }, code: 'outside_schedule' },
  { name: 'wrong channel', promotion: { channels: ['web', 'app'] }, code: 'wrong_channel' },
  { name: 'wrong store', promotion: { storeIds: ['spb-1'] }, code: 'wrong_store' },
  {
    name: 'anonymous not allowed',
    promotion: { audience: { anonymousAllowed: false } },
    context: { customer: null },
    code: 'anonymous_not_allowed',
  },
  {
    name: 'anonymous allowed',
    promotion: { audience: { anonymousAllowed: true } },
    context: { customer: null },
    code: 'applied',
  },
  {
    name: 'segment targeted, anonymous',
    promotion: { audience: { anonymousAllowed: true, segmentIds: ['vip'] } },
    context: { customer: null },
    code: 'anonymous_not_allowed',
  },
  {
    name: 'not in segment',
    promotion: { audience: { anonymousAllowed: false, segmentIds: ['vip', 'staff'] } },
    code: 'not_in_segment',
  },
  {
    name: 'in one of the segments',
    promotion: { audience: { anonymousAllowed: false, segmentIds: ['vip', 'staff'] } },
    context: { customer: { id: 'c', segmentIds: ['staff'], tierId: null } },
    code: 'applied',
  },
  {
    name: 'excluded segment wins',
    promotion: {
      audience: { anonymousAllowed: false, segmentIds: ['vip'], excludedSegmentIds: ['fraud'] },
    },
    context: { customer: { id: 'c', segmentIds: ['vip', 'fraud'], tierId: null } },
    code: 'excluded_segment',
  },
  {
    name: 'wrong tier',
    promotion: { audience: { anonymousAllowed: false, tierIds: ['gold'] } },
    context: { customer: { id: 'c', segmentIds: [], tierId: 'silver' } },
    code: 'wrong_tier',
  },
  {
    name: 'held out by the control group',
    promotion: { holdoutShareBp: 1000 },
    context: { customer: { id: 'c', segmentIds: [], tierId: null, heldOutPromotionIds: ['p'] } },
    code: 'held_out',
  },
  {
    name: 'another promotion holds the customer out',
    promotion: { holdoutShareBp: 1000 },
    context: { customer: { id: 'c', segmentIds: [], tierId: null, heldOutPromotionIds: ['q'] } },
    code: 'applied',
  },
  {
    name: 'a stale hold-out of a promotion that dropped its control group',
    promotion: { holdoutShareBp: 0 },
    context: { customer: { id: 'c', segmentIds: [], tierId: null, heldOutPromotionIds: ['p'] } },
    code: 'applied',
  },
  {
    name: 'outside the audience: the audience explains, not the control group',
    promotion: { holdoutShareBp: 1000, audience: { anonymousAllowed: false, tierIds: ['gold'] } },
    context: { customer: { id: 'c', segmentIds: [], tierId: null, heldOutPromotionIds: ['p'] } },
    code: 'wrong_tier',
  },
  { name: 'coupon missing', promotion: { couponRequired: true }, code: 'coupon_required' },
  {
    name: 'coupon entered',
    promotion: { couponRequired: true },
    context: { couponCodes: [{ code: 'SPRING', promotionId: 'p', valid: true }] },
    code: 'applied',
  },
  {
    name: 'coupon expired',
    promotion: { couponRequired: true },
    context: {
      couponCodes: [{ code: 'SPRING', promotionId: 'p', valid: false, reason: 'expired' }],
    },
    code: 'coupon_invalid',
  },
  {
    name: 'per-customer limit reached',
    promotion: { limits: { perCustomerUses: 1 } },
    context: {
      usage: {
        p: {
          totalUses: 10,
          customerUses: 1,
          budgetRemainingMinor: null,
          budgetRemainingPoints: null,
        },
      },
    },
    code: 'limit_reached',
  },
  {
    name: 'total limit reached',
    promotion: { limits: { totalUses: 10 } },
    context: {
      usage: {
        p: {
          totalUses: 10,
          customerUses: 0,
          budgetRemainingMinor: null,
          budgetRemainingPoints: null,
        },
      },
    },
    code: 'limit_reached',
  },
  {
    name: 'budget short by a kopeck: all or nothing',
    promotion: { limits: { budgetMinor: 100_000 } },
    context: {
      usage: {
        p: {
          totalUses: 0,
          customerUses: 0,
          budgetRemainingMinor: 999,
          budgetRemainingPoints: null,
        },
      },
    },
    code: 'budget_exhausted',
  },
  {
    name: 'budget just enough',
    promotion: { limits: { budgetMinor: 100_000 } },
    context: {
      usage: {
        p: {
          totalUses: 0,
          customerUses: 0,
          budgetRemainingMinor: 1000,
          budgetRemainingPoints: null,
        },
      },
    },
    code: 'applied',
  },
  {
    name: 'untouched budget from the definition',
    promotion: { limits: { budgetMinor: 999 } },
    code: 'budget_exhausted',
  },
];

describe('eligibility (now = Friday 2025-03-07 12:00 Moscow)', () => {
  // Every refusal is explained here, those about other stores, channels and days included.
  it.each(cases)('$name → $code', ({ promotion, context, code }) => {
    const result = run(cart, [promo('p', tenOff, promotion)], {
      context: { explain: 'all', ...context },
    });
    expect(codes(result)).toEqual({ p: code });
  });

  it('explains a held-out customer in Russian and English, the cart undiscounted', () => {
    const result = run(cart, [promo('p', tenOff, { holdoutShareBp: 500 })], {
      context: { customer: { id: 'c', segmentIds: [], tierId: null, heldOutPromotionIds: ['p'] } },
    });
    expect(result.totalMinor).toBe(10_000);
    expect(result.explanations).toMatchObject([
      {
        promotionId: 'p',
        code: 'held_out',
        text: { ru: 'Контрольная группа: акция не применяется', en: 'held out: control group' },
      },
    ]);
  });

  it('reports refused and unused coupons', () => {
    const result = run(cart, [promo('p', tenOff, { couponRequired: true, storeIds: ['spb-1'] })], {
      context: {
        couponCodes: [
          { code: 'SPRING', promotionId: 'p', valid: true },
          { code: 'OLD', valid: false, reason: 'unknown' },
        ],
      },
    });
    expect(result.coupons).toEqual([
      { code: 'SPRING', promotionId: 'p', accepted: false, reason: 'wrong_store' },
      { code: 'OLD', promotionId: null, accepted: false, reason: 'unknown' },
    ]);
  });
});

describe('schedule in the store time zone', () => {
  const happyHours = promo('p', tenOff, {
    schedule: { windows: [{ from: '10:00', to: '12:00' }] },
  });
  it.each([
    // 06:30Z: 11:30 in Yekaterinburg (+5), 09:30 in Moscow (+3)
    { now: '2025-03-07T06:30:00Z', timeZone: 'Asia/Yekaterinburg', code: 'applied' },
    { now: '2025-03-07T06:30:00Z', timeZone: 'Europe/Moscow', code: 'outside_schedule' },
    // 08:30Z: 13:30 in Yekaterinburg, 11:30 in Moscow
    { now: '2025-03-07T08:30:00Z', timeZone: 'Asia/Yekaterinburg', code: 'outside_schedule' },
    { now: '2025-03-07T08:30:00Z', timeZone: 'Europe/Moscow', code: 'applied' },
    // the window is [from, to): 12:00 sharp is outside
    { now: '2025-03-07T09:00:00Z', timeZone: 'Europe/Moscow', code: 'outside_schedule' },
  ])('$now in $timeZone → $code', ({ now, timeZone, code }) => {
    const result = run(cart, [happyHours], {
      context: { now, store: { id: 'ekb-1', channel: 'pos', timeZone } },
    });
    expect(codes(result)).toEqual({ p: code });
  });
});

describe('validity by local dates, read in each store’s zone', () => {
  const february = promo('feb', tenOff, { validFromDate: '2025-02-01', validToDate: '2025-02-28' });
  const moscow = { id: 'msk-1', channel: 'pos' as const, timeZone: 'Europe/Moscow' };
  const vladivostok = { id: 'vvo-1', channel: 'pos' as const, timeZone: 'Asia/Vladivostok' };
  const at = (now: string, store: typeof moscow) =>
    run(cart, [february], { context: { now, store } }).explanations[0];

  it.each([
    // 1 February starts at 14:00Z the day before in Vladivostok (+10), at 21:00Z in Moscow (+3).
    { now: '2025-01-31T13:59:59.999Z', store: vladivostok, applied: false },
    { now: '2025-01-31T14:00:00Z', store: vladivostok, applied: true },
    { now: '2025-01-31T14:00:00Z', store: moscow, applied: false },
    { now: '2025-01-31T20:59:59.999Z', store: moscow, applied: false },
    { now: '2025-01-31T21:00:00Z', store: moscow, applied: true },
    // 28 February is the last day: it ends at 14:00Z in Vladivostok, at 21:00Z in Moscow.
    { now: '2025-02-28T13:59:59.999Z', store: vladivostok, applied: true },
    { now: '2025-02-28T14:00:00Z', store: vladivostok, applied: false },
    { now: '2025-02-28T14:00:00Z', store: moscow, applied: true },
    { now: '2025-02-28T20:59:59.999Z', store: moscow, applied: true },
    { now: '2025-02-28T21:00:00Z', store: moscow, applied: false },
  ])('$now in $store.timeZone → applied $applied', ({ now, store, applied }) => {
    expect(at(now, store)?.applied ?? false).toBe(applied);
  });

  it('explains a refusal with the local dates, in Russian and English', () => {
    const result = run(cart, [february], {
      context: { now: '2025-02-28T14:00:00Z', store: vladivostok, explain: 'all' },
    });
    expect(result.explanations[0]).toMatchObject({
      applied: false,
      code: 'outside_validity',
      params: { validFromDate: '2025-02-01', validToDate: '2025-02-28', localDate: '2025-03-01' },
      text: {
        ru: 'акция действует с 01.02.2025 по 28.02.2025 включительно по местному времени магазина (здесь сейчас 01.03.2025)',
        en: 'valid from 2025-02-01 to 2025-02-28 inclusive in store local dates (it is 2025-03-01 here)',
      },
    });
  });

  it('explains an open start or end with the one date it has', () => {
    const { validFromDate: _from, ...untilFebruary } = february;
    const result = run(cart, [untilFebruary], {
      context: { now: '2025-03-01T00:00:00Z', store: moscow, explain: 'all' },
    });
    expect(result.explanations[0]?.text).toEqual({
      ru: 'акция действует по 28.02.2025 включительно по местному времени магазина (здесь сейчас 01.03.2025)',
      en: 'valid to 2025-02-28 inclusive in store local dates (it is 2025-03-01 here)',
    });
  });
});
