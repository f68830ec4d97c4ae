import { mulDivHalfUp } from '../engine/money/rounding.ts';
import type { ReplayTally } from './replay-tally.ts';
import type { SimulationModel, SimulationScenario } from './simulation-request.ts';

/** Checks of one month the replay reads as a whole: anonymous ones, or all of them. */
export interface MonthTotal {
  checks: number;
  revenueMinor: number;
}

export interface SimulationMonth {
  month: string;
  customersByTier: { tierId: string | null; customers: number }[];
  checks: number;
  salesMinor: number;
  discountMinor: number;
  pointsAccrued: number;
  pointsBonus: number;
  pointsRedeemed: number;
  pointsExpired: number;
  liabilityPoints: number;
  liabilityMinor: number;
  revenueWithMinor: number;
  revenueWithoutMinor: number;
  marginWithMinor: number;
  marginWithoutMinor: number;
  marginEffectMinor: number;
}

export type SimulationTotals = Omit<SimulationMonth, 'month' | 'customersByTier'> & {
  customers: number;
  newCustomers: number;
};

/** One model under one scenario: month by month, and the whole period. */
export interface SimulationOutcome {
  model: string;
  scenario: string;
  months: SimulationMonth[];
  totals: SimulationTotals;
}

export interface OutcomeInput {
  model: SimulationModel;
  scenario: SimulationScenario;
  labels: readonly string[];
  tally: ReplayTally;
  /** Per month: anonymous checks, unchanged by any scenario. */
  anonymous: readonly MonthTotal[];
  /** Per month: every check as it was, the revenue without a programme. */
  actual: readonly MonthTotal[];
  grossMarginBp: number;
}

/**
 * The figures of a replay (docs/analytics.md). Revenue with the programme is what customers
 * paid (the scenario's checks less discounts and points spent) plus the anonymous checks;
 * without it, every check as it was. Margin without = revenue × gross margin; with = sales
 * (scenario checks + anonymous) × gross margin − discounts − the value of points given
 * (accrued + bonuses − expired), each rounded half up once. Liability: points held at the
 * month's end (accrued and bonuses less spent and expired, pending included) and their value.
 */
export function simulationOutcome(input: OutcomeInput): SimulationOutcome {
  const { model, tally, grossMarginBp } = input;
  const pointValue = model.settings.pointValueMinor;
  const tierIds = [null, ...model.tierProgram.tiers.map((tier) => tier.id)];
  let liabilityPoints = 0;
  const months = input.labels.map((month, i): SimulationMonth => {
    const f = tally.months[i];
    const anonymous = input.anonymous[i] ?? { checks: 0, revenueMinor: 0 };
    const actual = input.actual[i] ?? { checks: 0, revenueMinor: 0 };
    if (f === undefined) throw new Error(`no figures for month ${month}`);
    liabilityPoints += f.pointsAccrued + f.pointsBonus - f.pointsRedeemed - f.pointsExpired;
    const salesMinor = f.salesMinor + anonymous.revenueMinor;
    const pointsCost = (f.pointsAccrued + f.pointsBonus - f.pointsExpired) * pointValue;
    const marginWithMinor =
      mulDivHalfUp(salesMinor, grossMarginBp, 10_000) - f.discountMinor - pointsCost;
    const marginWithoutMinor = mulDivHalfUp(actual.revenueMinor, grossMarginBp, 10_000);
    return {
      month,
      customersByTier: tierIds.map((tierId, rank) => ({
        tierId,
        customers: f.customersByRank[rank] ?? 0,
      })),
      checks: f.checks + anonymous.checks,
      salesMinor,
      discountMinor: f.discountMinor,
      pointsAccrued: f.pointsAccrued,
      pointsBonus: f.pointsBonus,
      pointsRedeemed: f.pointsRedeemed,
      pointsExpired: f.pointsExpired,
      liabilityPoints,
      liabilityMinor: liabilityPoints * pointValue,
      revenueWithMinor: f.paidMinor + anonymous.revenueMinor,
      revenueWithoutMinor: actual.revenueMinor,
      marginWithMinor,
      marginWithoutMinor,
      marginEffectMinor: marginWithMinor - marginWithoutMinor,
    };
  });
  const sum = (key: keyof SimulationTotals & keyof SimulationMonth) =>
    months.reduce((total, m) => total + (m[key] as number), 0);
  const last = months[months.length - 1];
  return {
    model: model.name,
    scenario: input.scenario.name,
    months,
    totals: {
      customers: tally.customers,
      newCustomers: tally.newCustomers,
      checks: sum('checks'),
      salesMinor: sum('salesMinor'),
      discountMinor: sum('discountMinor'),
      pointsAccrued: sum('pointsAccrued'),
      pointsBonus: sum('pointsBonus'),
      pointsRedeemed: sum('pointsRedeemed'),
      pointsExpired: sum('pointsExpired'),
      liabilityPoints: last?.liabilityPoints ?? 0,
      liabilityMinor: last?.liabilityMinor ?? 0,
      revenueWithMinor: sum('revenueWithMinor'),
      revenueWithoutMinor: sum('revenueWithoutMinor'),
      marginWithMinor: sum('marginWithMinor'),
      marginWithoutMinor: sum('marginWithoutMinor'),
      marginEffectMinor: sum('marginEffectMinor'),
    },
  };
}
