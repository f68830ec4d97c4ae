import { describe, expect, it } from 'vitest';
import { startOfLocalYear } from '../calendar/time-zone.ts';
import { line, run } from '../engine/testing/fixtures.ts';
import { defaultProgramSettings } from '../ledger/program-settings.ts';
import { applyTierRates, tierRates } from './current-tier.ts';
import { progressMessage } from './progress-message.ts';
import { tierDiscountPromotion } from './tier-discount-promotions.ts';
import { type TierProgram, validateTierProgram } from './tier-program.ts';
import { metricWindow, nextTier, qualifiedRank } from './tier-rules.ts';

const restik: TierProgram = {
  metric: 'spent_minor',
  period: { kind: 'calendar_year' },
  comparison: 'more_than',
  autoTransition: true,
  downgradeAtPeriodEnd: true,
  tiers: [
    { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 },
    {
      id: 'gold',
      name: { ru: 'Золотой', en: 'Gold' },
      threshold: 1_500_000,
      accrualRateBp: 1000,
      maxRedemptionShareBp: 5000,
      welcomeBonusPoints: 500,
    },
  ],
};

describe('validateTierProgram', () => {
  it('accepts the Restik programme', () => {
    expect(validateTierProgram(restik)).toEqual({ ok: true, program: restik });
  });

  it('lists every problem at once', () => {
    const tiers = [
      { id: 'a', name: { ru: 'А', en: 'A' }, threshold: 100 },
      { id: 'a', name: { ru: 'Б', en: 'B' }, threshold: 100, discountBp: 20_000 },
      { id: 'c', name: { ru: 'В' }, threshold: -1 },
    ];
    const result = validateTierProgram({
      ...restik,
      period: { kind: 'all_time' },
      metric: 'visits',
      extra: 1,
      tiers,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.problems.map((p) => `${p.field} ${p.code}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '/metric invalid_value',
        '/extra unknown_field',
        '/tiers/1/id duplicate_tier',
        '/tiers/1/threshold thresholds_not_ascending',
        '/tiers/1/discountBp out_of_range',
        '/tiers/2/name/en required',
        '/tiers/2/threshold out_of_range',
        '/downgradeAtPeriodEnd no_period_end',
      ]),
    );
  });

  it('refuses more than 100 tiers', () => {
    const tiers = Array.from({ length: 101 }, (_, i) => ({
      id: `t${i}`,
      name: { ru: `У${i}`, en: `T${i}` },
      threshold: i,
    }));
    const result = validateTierProgram({ ...restik, tiers });
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toContain('too_many_tiers');
  });
});

describe('tier rules', () => {
  it('more than 15 000 ₽: exactly 15 000 ₽ is not enough, 15 000,01 ₽ is', () => {
    expect(qualifiedRank(restik, 1_500_000)).toBe(0);
    expect(qualifiedRank(restik, 1_500_001)).toBe(1);
    expect(nextTier(restik, 0, 1_500_000)).toMatchObject({ remaining: 1 });
  });

  it('at least 300 000 ₽ (Högl): exactly the threshold is enough', () => {
    const hogl: TierProgram = { ...restik, comparison: 'at_least' };
    expect(qualifiedRank(hogl, 1_500_000)).toBe(1);
  });

  it("a calendar year starts at midnight of 1 January in the programme's zone", () => {
    const at = Date.parse('2026-01-01T00:30:00+03:00');
    expect(new Date(startOfLocalYear(at, 'Europe/Moscow')).toISOString()).toBe(
      '2025-12-31T21:00:00.000Z',
    );
    expect(new Date(startOfLocalYear(at, 'UTC')).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    const rolling = metricWindow({ kind: 'rolling_days', days: 30 }, at, 'UTC');
    expect(at - (rolling.after as number)).toBe(30 * 86_400_000);
  });

  it('progress messages in the programme currency and in purchases', () => {
    const gold = restik.tiers[1];
    if (!gold) throw new Error('no gold');
    expect(progressMessage(restik, { tier: gold, remaining: 300_000 }, 'RUB')).toEqual({
      ru: 'Потратьте ещё 3\u00a0000 ₽, чтобы перейти на уровень Золотой',
      en: 'Spend ₽3,000 more to reach Gold',
    });
    expect(progressMessage(restik, { tier: gold, remaining: 30_000_050 }, 'KZT')).toEqual({
      ru: 'Потратьте ещё 300\u00a0000,50 ₸, чтобы перейти на уровень Золотой',
      en: 'Spend ₸300,000.50 more to reach Gold',
    });
    // Moved down by hand, or upgrades off: the condition is met, nothing is left to spend.
    expect(progressMessage(restik, { tier: gold, remaining: 0 }, 'RUB')).toEqual({
      ru: 'Условие уровня Золотой уже выполнено',
      en: 'Already meets the condition of Gold',
    });
    const visits: TierProgram = { ...restik, metric: 'purchase_count' };
    const counts = [1, 2, 5, 11, 21].map((n) =>
      progressMessage(visits, { tier: gold, remaining: n }, 'RUB'),
    );
    expect(counts.map((m) => m.ru.split(',')[0])).toEqual([
      'Сделайте ещё 1 покупку',
      'Сделайте ещё 2 покупки',
      'Сделайте ещё 5 покупок',
      'Сделайте ещё 11 покупок',
      'Сделайте ещё 21 покупку',
    ]);
    expect(counts[0]?.en).toBe('Make 1 more purchase to reach Gold');
  });
});

describe('tier rates and discount', () => {
  it("the tier's own rates become the per-tier overrides the points plan reads", () => {
    const rates = tierRates(restik, 'gold');
    expect(rates).toEqual({ accrualRateBp: 1000, maxRedemptionShareBp: 5000, discountBp: null });
    const settings = applyTierRates(defaultProgramSettings, 'gold', rates);
    expect(settings.accrualRateBpByTier).toEqual({ gold: 1000 });
    expect(settings.maxRedemptionShareBpByTier).toEqual({ gold: 5000 });
    expect(applyTierRates(defaultProgramSettings, 'base', tierRates(restik, 'base'))).toEqual(
      defaultProgramSettings,
    );
  });

  it('Högl: a 15% tier discount takes 1 500 ₽ off a 10 000 ₽ check, only for the tier', () => {
    const vip = { id: 'hogl-vip', name: { ru: 'VIP', en: 'VIP' }, threshold: 30_000_000 };
    const promotion = tierDiscountPromotion(vip, 1500);
    const customer = { id: 'c1', segmentIds: [] };
    const inTier = run([line('1', 'SHOE', 1_000_000, 1)], [promotion], {
      context: { customer: { ...customer, tierId: 'hogl-vip' } },
    });
    expect(inTier.discountMinor).toBe(150_000);
    expect(inTier.totalMinor).toBe(850_000);
    const below = run([line('1', 'SHOE', 1_000_000, 1)], [promotion], {
      context: { customer: { ...customer, tierId: 'base' } },
    });
    expect(below.discountMinor).toBe(0);
  });
});
