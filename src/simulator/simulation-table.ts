import type { AnalyticsTable } from '../analytics/analytics-tables.ts';
import type { SimulationRun } from './simulation-runs.ts';

const columns = [
  ['customers', 'customers'],
  ['new_customers', 'newCustomers'],
  ['checks', 'checks'],
  ['sales_minor', 'salesMinor'],
  ['discount_minor', 'discountMinor'],
  ['points_accrued', 'pointsAccrued'],
  ['points_bonus', 'pointsBonus'],
  ['points_redeemed', 'pointsRedeemed'],
  ['points_expired', 'pointsExpired'],
  ['liability_points', 'liabilityPoints'],
  ['liability_minor', 'liabilityMinor'],
  ['revenue_with_minor', 'revenueWithMinor'],
  ['revenue_without_minor', 'revenueWithoutMinor'],
  ['margin_with_minor', 'marginWithMinor'],
  ['margin_without_minor', 'marginWithoutMinor'],
  ['margin_effect_minor', 'marginEffectMinor'],
] as const;

/** The comparison: a row per model × scenario with its totals over the period (none until done). */
export function simulationTable(run: SimulationRun): AnalyticsTable {
  return {
    header: ['model', 'scenario', ...columns.map(([name]) => name)],
    records: (run.results ?? []).map((outcome) => [
      outcome.model,
      outcome.scenario,
      ...columns.map(([, key]) => outcome.totals[key]),
    ]),
  };
}
