import { describe, expect, it } from 'vitest';
import { defaultRulesetSettings } from '../engine/ruleset/ruleset-settings.ts';
import { line, promo } from '../engine/testing/fixtures.ts';
import { holdoutBucket } from '../promotions/holdout.ts';
import { backtest, type PastCheck } from './backtest.ts';

const msk = { id: 'msk', channel: 'pos' as const, timeZone: 'Europe/Moscow' };
const vvo = { id: 'vvo', channel: 'pos' as const, timeZone: 'Asia/Vladivostok' };
const oil = (quantity: number) => line('1', 'OIL', 50_000, quantity, { categoryIds: ['oils'] });
const bread = (quantity: number) => line('2', 'BREAD', 5_000, quantity);

const checks: PastCheck[] = [
  // 11:00 in Moscow: inside the draft's morning hours.
  { id: 'c1', at: '2026-03-02T08:00:00Z', store: msk, customer: null, lines: [oil(2), bread(1)] },
  // 15:00 in Moscow: outside them.
  { id: 'c2', at: '2026-03-02T12:00:00Z', store: msk, customer: null, lines: [bread(3)] },
  // 11:00 in Vladivostok (04:00 in Moscow): inside, by the store's own clock.
  { id: 'c3', at: '2026-03-02T01:00:00Z', store: vvo, customer: null, lines: [bread(2)] },
];

const oils10 = promo('oils-10', {
  kind: 'percent-off',
  scope: { categoryIds: ['oils'] },
  percentBp: 1000,
});
const morningBread = promo(
  'bread-20',
  { kind: 'percent-off', scope: { skus: ['BREAD'] }, percentBp: 2000 },
  { status: 'draft', schedule: { windows: [{ from: '10:00', to: '12:00' }] } },
);

describe('backtest of a draft promotion on past checks', () => {
  it('holds out the customers the draft control group holds out, as the till would', () => {
    const customers = Array.from({ length: 8 }, (_, k) => `cust-${k}`);
    const halfHeld = promo(
      'bread-half',
      { kind: 'percent-off', scope: { skus: ['BREAD'] }, percentBp: 1000 },
      { status: 'draft', holdoutShareBp: 5000 },
    );
    const past: PastCheck[] = customers.map((id, k) => ({
      id: `h${k}`,
      at: '2026-03-02T08:00:00Z',
      store: msk,
      customer: { id, segmentIds: [], tierId: null },
      lines: [bread(1)],
    }));
    const report = backtest(past, [], { draft: halfHeld }, defaultRulesetSettings, {
      pointValueMinor: 100,
      currency: 'RUB',
    });
    // 10% off one 50.00 loaf, for each customer whose bucket is at or above 5 000.
    const treated = customers.filter((id) => holdoutBucket('bread-half', id) >= 5000).length;
    expect(treated).toBeGreaterThan(0);
    expect(treated).toBeLessThan(8);
    expect(report.withDraft.promotions).toEqual([
      {
        promotionId: 'bread-half',
        checks: treated,
        units: treated,
        discountMinor: 500 * treated,
        points: 0,
      },
    ]);
  });

  it('re-prices each check at its own local time, with and without the draft', () => {
    const report = backtest(checks, [oils10], { draft: morningBread }, defaultRulesetSettings, {
      pointValueMinor: 100,
      currency: 'RUB',
    });
    // Baseline: 1 000.00 − 10% + 50.00 = 950.00; 150.00; 100.00 → 1 200.00 over 3 checks.
    expect(report.baseline).toEqual({
      checks: 3,
      totalMinor: 120_000,
      averageCheckMinor: 40_000,
      promotions: [
        { promotionId: 'oils-10', checks: 1, units: 2, discountMinor: 10_000, points: 0 },
      ],
    });
    // The draft takes 10.00 off c1's bread and 20.00 off c3's two loaves; c2 is after 12:00.
    expect(report.withDraft).toEqual({
      checks: 3,
      totalMinor: 117_000,
      averageCheckMinor: 39_000,
      promotions: [
        { promotionId: 'bread-20', checks: 2, units: 3, discountMinor: 3_000, points: 0 },
        { promotionId: 'oils-10', checks: 1, units: 2, discountMinor: 10_000, points: 0 },
      ],
    });
    expect(report.averageCheckChangeMinor).toBe(-1_000);
    expect(report.changedChecks).toBe(2);
    expect(report.exampleCheckIds).toEqual(['c1', 'c3']);
  });

  it('puts the draft in place of the active promotion of its id', () => {
    const stronger = {
      ...oils10,
      status: 'draft' as const,
      mechanic: { ...oils10.mechanic, percentBp: 3000 },
    };
    const report = backtest(checks, [oils10], { draft: stronger }, defaultRulesetSettings, {
      pointValueMinor: 100,
      currency: 'RUB',
    });
    expect(report.withDraft.promotions).toEqual([
      { promotionId: 'oils-10', checks: 1, units: 2, discountMinor: 30_000, points: 0 },
    ]);
    expect(report.averageCheckChangeMinor).toBe(-6_667);
    expect(report.changedChecks).toBe(1);
  });
});

describe('backtest of two ruleset versions side by side', () => {
  it('prices every check by each version whole, its members as if active', () => {
    // The candidate drops the oils promotion and has only the (draft) morning bread one.
    const report = backtest(checks, [oils10], { ruleset: [morningBread] }, defaultRulesetSettings, {
      pointValueMinor: 100,
      currency: 'RUB',
    });
    expect(report.baseline.totalMinor).toBe(120_000);
    // c1 1 000.00 + 40.00; c2 150.00 (15:00); c3 80.00 → 1 270.00.
    expect(report.withDraft).toEqual({
      checks: 3,
      totalMinor: 127_000,
      averageCheckMinor: 42_333,
      promotions: [
        { promotionId: 'bread-20', checks: 2, units: 3, discountMinor: 3_000, points: 0 },
      ],
    });
    expect(report.averageCheckChangeMinor).toBe(2_333);
    // Examples of a whole version: the checks whose total it changed.
    expect(report.changedChecks).toBe(2);
    expect(report.exampleCheckIds).toEqual(['c1', 'c3']);
  });

  it('changes nothing when the two versions are the same', () => {
    const report = backtest(checks, [oils10], { ruleset: [oils10] }, defaultRulesetSettings, {
      pointValueMinor: 100,
      currency: 'RUB',
    });
    expect(report.withDraft).toEqual(report.baseline);
    expect(report.changedChecks).toBe(0);
    expect(report.exampleCheckIds).toEqual([]);
  });
});
