import { describe, expect, it } from 'vitest';
import { defaultProgramSettings, type ProgramSettings } from '../ledger/program-settings.ts';
import type { TierProgram } from '../tiers/tier-program.ts';
import { monthGrid } from './month-grid.ts';
import { type PastCheck, replayCustomer } from './replay-customer.ts';
import { ReplayTally } from './replay-tally.ts';
import { scaledCopies } from './scaled-copies.ts';
import type { SimulationModel, SimulationScenario } from './simulation-request.ts';
import { simulationOutcome } from './simulation-result.ts';

const grid = monthGrid('2026-01', '2026-02', 'Europe/Moscow');
const at = (date: string) => Date.parse(`${date}T12:00:00+03:00`);
const flat: SimulationScenario = {
  name: 'flat',
  newCustomersBp: 0,
  frequencyBp: 0,
  averageCheckBp: 0,
};
const noPoints: ProgramSettings = {
  ...defaultProgramSettings,
  accrualRateBp: 0,
  pendingDays: 0,
  expiry: null,
};
const name = (en: string) => ({ ru: en, en });

function discountLadder(days: number): SimulationModel {
  const tierProgram: TierProgram = {
    metric: 'spent_minor',
    period: { kind: 'rolling_days', days },
    comparison: 'at_least',
    autoTransition: true,
    downgradeAtPeriodEnd: false,
    tiers: [
      { id: 'base', name: name('Base'), threshold: 0 },
      { id: 'silver', name: name('Silver'), threshold: 10_000, discountBp: 500 },
      { id: 'gold', name: name('Gold'), threshold: 30_000, discountBp: 1_000 },
    ],
  };
  return {
    name: 'ladder',
    tierProgram,
    settings: noPoints,
    welcomeBonusPoints: 0,
    redeemersShareBp: 0,
  };
}

// Bought 80.00 in December (before the period), then 40.00, 200.00 and 100.00.
const customer: PastCheck[] = [
  { at: at('2025-12-20'), amountMinor: 8_000 },
  { at: at('2026-01-10'), amountMinor: 4_000 },
  { at: at('2026-01-20'), amountMinor: 20_000 },
  { at: at('2026-02-05'), amountMinor: 10_000 },
];

function replay(
  model: SimulationModel,
  scenario: SimulationScenario,
  checks: PastCheck[],
  redeems = false,
) {
  const tally = new ReplayTally(2, model.tierProgram.tiers.length);
  replayCustomer({ model, scenario, grid }, checks, 1, redeems, tally);
  return tally;
}

describe('scaledCopies', () => {
  it('spreads a change evenly over a series without randomness', () => {
    const series = (changeBp: number) => [1, 2, 3, 4, 5].map((k) => scaledCopies(k, changeBp));
    expect(series(0)).toEqual([1, 1, 1, 1, 1]);
    expect(series(5_000)).toEqual([2, 1, 2, 1, 2]);
    expect(series(-2_000)).toEqual([1, 1, 1, 1, 0]);
    expect(series(-5_000)).toEqual([1, 0, 1, 0, 1]);
    expect(series(-10_000)).toEqual([0, 0, 0, 0, 0]);
    expect(series(10_000)).toEqual([2, 2, 2, 2, 2]);
  });
});

describe('a discount-tier ladder', () => {
  it('prices each check with the tier held, then moves up on the metric with the history before', () => {
    const tally = replay(discountLadder(365), flat, customer);
    // 10 Jan: 80 + 40 = 120.00 → silver after it. 20 Jan: silver 5% of 200.00 = 10.00 off, paid
    // 190.00, metric 310.00 → gold. 5 Feb: gold 10% of 100.00 = 10.00 off.
    expect(tally.months.map((m) => [m.checks, m.salesMinor, m.discountMinor, m.paidMinor])).toEqual(
      [
        [2, 24_000, 1_000, 23_000],
        [1, 10_000, 1_000, 9_000],
      ],
    );
    expect(tally.months.map((m) => m.customersByRank)).toEqual([
      [0, 0, 0, 1],
      [0, 0, 0, 1],
    ]);
    expect(tally.customers).toBe(1);
  });

  it('counts only the purchases of the rolling period, its start excluded', () => {
    // 10 days: December is gone by 10 Jan (40.00, base); on 20 Jan the 10 Jan check is exactly
    // 10 days old and out, so 200.00 → silver; 5 Feb silver 5% of 100.00.
    const tally = replay(discountLadder(10), flat, customer);
    expect(tally.months.map((m) => [m.discountMinor, m.paidMinor])).toEqual([
      [0, 24_000],
      [500, 9_500],
    ]);
    expect(tally.months.map((m) => m.customersByRank)).toEqual([
      [0, 0, 1, 0],
      [0, 0, 1, 0],
    ]);
  });

  it('applies the average-check change half up and repeats checks by the frequency change', () => {
    const scenario = { ...flat, frequencyBp: 5_000, averageCheckBp: 1_000 };
    const tally = replay(discountLadder(365), scenario, customer);
    // Checks 44.00, 220.00, 110.00 appear 2, 1, 2 times. 10 Jan: 44.00 at base (metric 124.00 →
    // silver), again at silver: 2.20 off, 41.80 paid. 20 Jan: 11.00 off, 209.00 paid → gold.
    // 5 Feb twice at gold: 11.00 off, 99.00 paid each.
    expect(tally.months.map((m) => [m.checks, m.salesMinor, m.discountMinor, m.paidMinor])).toEqual(
      [
        [3, 30_800, 1_320, 29_480],
        [2, 22_000, 2_200, 19_800],
      ],
    );
  });
});

describe('the frequency change', () => {
  it('is spread over every customer of the book, not within each one', () => {
    // Twenty customers with two checks each in January; +5% gives ⌈40 × 1.05⌉ = 42 checks, where
    // repeating within each customer would have repeated every first check: 60.
    const model = discountLadder(365);
    const tally = new ReplayTally(2, model.tierProgram.tiers.length);
    const context = { model, scenario: { ...flat, frequencyBp: 500 }, grid };
    const twoChecks: PastCheck[] = [
      { at: at('2026-01-05'), amountMinor: 1_000 },
      { at: at('2026-01-25'), amountMinor: 1_000 },
    ];
    for (let n = 0; n < 20; n++) replayCustomer(context, twoChecks, 1, false, tally);
    expect(tally.months.map((m) => [m.checks, m.salesMinor])).toEqual([
      [42, 42_000],
      [0, 0],
    ]);
  });
});

describe('a bonus ladder', () => {
  const tierProgram: TierProgram = {
    metric: 'spent_minor',
    period: { kind: 'all_time' },
    comparison: 'at_least',
    autoTransition: true,
    downgradeAtPeriodEnd: false,
    tiers: [
      { id: 'base', name: name('Base'), threshold: 0, accrualRateBp: 500 },
      {
        id: 'silver',
        name: name('Silver'),
        threshold: 10_000,
        accrualRateBp: 1_000,
        welcomeBonusPoints: 50,
      },
    ],
  };
  const model: SimulationModel = {
    name: 'bonus',
    tierProgram,
    settings: {
      ...defaultProgramSettings,
      accrualRateBp: 0,
      maxRedemptionShareBp: 2_000,
      pendingDays: 0,
      expiry: { unit: 'days', count: 30 },
    },
    welcomeBonusPoints: 20,
    redeemersShareBp: 10_000,
  };
  const checks: PastCheck[] = [
    { at: at('2026-01-05'), amountMinor: 6_000 },
    { at: at('2026-01-10'), amountMinor: 8_000 },
    { at: at('2026-02-20'), amountMinor: 5_000 },
  ];

  it('accrues by the tier rate, spends up to the share, pays welcome bonuses and expires lots', () => {
    const tally = replay(model, flat, checks, true);
    // 5 Jan: 5% of 60.00 = 3 points, then the welcome 20, both until 5 Feb 00:00. 10 Jan: 20% of
    // 80.00 = 16 points spent, 64.00 paid earns 3 (3.20 down); 64 + 60 = 124.00 → silver and its
    // 50 points, both until 10 Feb. 20 Feb: 7 + 3 + 50 expired; 10% of 50.00 = 5 points.
    expect(
      tally.months.map((m) => [
        m.pointsAccrued,
        m.pointsBonus,
        m.pointsRedeemed,
        m.redeemedMinor,
        m.pointsExpired,
        m.paidMinor,
      ]),
    ).toEqual([
      [6, 70, 16, 1_600, 0, 12_400],
      [5, 0, 0, 0, 60, 5_000],
    ]);
    expect(tally.months.map((m) => m.customersByRank)).toEqual([
      [0, 0, 1],
      [0, 0, 1],
    ]);
    const outcome = simulationOutcome({
      model,
      scenario: flat,
      labels: grid.labels,
      tally,
      anonymous: [
        { checks: 1, revenueMinor: 1_000 },
        { checks: 0, revenueMinor: 0 },
      ],
      actual: [
        { checks: 3, revenueMinor: 15_000 },
        { checks: 1, revenueMinor: 5_000 },
      ],
      grossMarginBp: 3_000,
    });
    // January: margin 30% of 150.00 = 45.00 less 76 points given = −31.00; without: 45.00.
    // February: 30% of 50.00 = 15.00, less 5 given, plus 60 expired = 70.00; without 15.00.
    expect(
      outcome.months.map((m) => [
        m.liabilityPoints,
        m.liabilityMinor,
        m.revenueWithMinor,
        m.revenueWithoutMinor,
        m.marginWithMinor,
        m.marginWithoutMinor,
        m.marginEffectMinor,
      ]),
    ).toEqual([
      [60, 6_000, 13_400, 15_000, -3_100, 4_500, -7_600],
      [5, 500, 5_000, 5_000, 7_000, 1_500, 5_500],
    ]);
    expect(outcome.totals).toMatchObject({
      liabilityPoints: 5,
      marginEffectMinor: -2_100,
      checks: 4,
    });
  });

  it('spends nothing for a customer who does not redeem', () => {
    const tally = replay(model, flat, checks, false);
    // 10 Jan: 5% of 80.00 = 4 points; 140.00 → silver. 20 Feb: 5 points.
    expect(tally.months.map((m) => [m.pointsAccrued, m.pointsRedeemed, m.pointsExpired])).toEqual([
      [7, 0, 0],
      [5, 0, 77],
    ]);
  });
});
