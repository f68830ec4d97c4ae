import type { CsvValue } from '../csv/csv-writer.ts';
import type { Cohorts } from './cohorts.ts';
import type { Economics } from './economics.ts';
import type { Overview, OverviewMetrics } from './overview.ts';
import type { RepeatPurchases } from './repeat-purchases.ts';
import type { RevenueForecast } from './revenue-forecast.ts';
import type { RfmDistribution } from './rfm-distribution.ts';
import type { Uplift, UpliftGroup } from './uplift.ts';

/** An analytics answer as one table: what its CSV export writes. Amounts stay in kopecks. */
export interface AnalyticsTable {
  header: string[];
  records: CsvValue[][];
}

const metricColumns: [string, keyof OverviewMetrics][] = [
  ['checks', 'checks'],
  ['identified_checks', 'identifiedChecks'],
  ['identified_share_bp', 'identifiedShareBp'],
  ['revenue_minor', 'revenueMinor'],
  ['average_check_minor', 'averageCheckMinor'],
  ['items', 'items'],
  ['items_per_check', 'itemsPerCheck'],
  ['customers', 'customers'],
  ['new_customers', 'newCustomers'],
  ['loyal_customers', 'loyalCustomers'],
  ['one_time_customers', 'oneTimeCustomers'],
  ['frequency', 'frequency'],
];

/** A row per scope: the total, then each channel. */
export function overviewTable(overview: Overview): AnalyticsTable {
  const scopes: [string, OverviewMetrics][] = [
    ['total', overview.total],
    ['offline', overview.byChannel.offline],
    ['online', overview.byChannel.online],
  ];
  return {
    header: ['scope', ...metricColumns.map(([name]) => name)],
    records: scopes.map(([scope, metrics]) => [
      scope,
      ...metricColumns.map(([, key]) => metrics[key]),
    ]),
  };
}

/** A row per number of purchases, a column per window. */
export function repeatPurchasesTable(answer: RepeatPurchases): AnalyticsTable {
  return {
    header: ['purchases', ...answer.windowsMonths.map((months) => `within_${months}_months`)],
    records: answer.rows.map((row) => [row.purchases, ...row.customers]),
  };
}

/** A row per cohort; `month_k`: its customers who bought k months after their first. */
export function cohortsTable(answer: Cohorts): AnalyticsTable {
  const months = Math.max(0, ...answer.cohorts.map((cohort) => cohort.active.length));
  return {
    header: ['cohort', 'customers', ...Array.from({ length: months }, (_, k) => `month_${k}`)],
    records: answer.cohorts.map((cohort) => [
      cohort.month,
      cohort.customers,
      ...Array.from({ length: months }, (_, k) => cohort.active[k] ?? null),
    ]),
  };
}

/** A row per figure; promotions' discounts carry the promotion and its checks. */
export function economicsTable(answer: Economics): AnalyticsTable {
  const figure = (name: string, value: number): CsvValue[] => [name, null, null, null, value];
  const { points, liability } = answer;
  return {
    header: ['figure', 'promotion_id', 'promotion_name', 'checks', 'value'],
    records: [
      ...answer.discounts.byPromotion.map((p) => [
        'promotion_discount_minor',
        p.promotionId,
        p.name,
        p.checks,
        p.discountMinor,
      ]),
      ['discount_minor', null, null, answer.discounts.checks, answer.discounts.totalMinor],
      figure('points_accrued', points.accrued),
      figure('points_bonuses', points.bonuses),
      figure('points_taken_back', points.takenBack),
      figure('points_redeemed', points.redeemed),
      figure('points_restored', points.restored),
      figure('points_expired', points.expired),
      figure('points_adjusted', points.adjusted),
      figure('redeemed_money_minor', answer.redeemedMoneyMinor),
      figure('breakage_bp', answer.breakageBp),
      figure('point_value_minor', answer.pointValueMinor),
      figure('liability_pending_points', liability.pending),
      figure('liability_active_points', liability.active),
      figure('liability_points', liability.points),
      figure('liability_minor', liability.moneyMinor),
    ],
  };
}

/** Rows of counts: each R × F cell, each monetary score, each segment, and churn risk. */
export function rfmTable(answer: RfmDistribution): AnalyticsTable {
  return {
    header: ['group', 'key', 'customers'],
    records: [
      ...answer.grid.flatMap((row, r) => row.map((n, f) => ['cell', `R${r + 1}F${f + 1}`, n])),
      ...answer.monetary.map((n, m) => ['monetary', `M${m + 1}`, n]),
      ...answer.segments.map((s) => ['segment', s.segment, s.customers]),
      ['churn', 'assessed', answer.churn.assessed],
      ['churn', 'at_risk', answer.churn.atRisk],
      ['churn', 'one_day', answer.churn.oneDay],
    ],
  };
}

/** A row per month: history with its revenue, then the forecast with its band. */
export function forecastTable(answer: RevenueForecast): AnalyticsTable {
  const tested = new Map(answer.backtest?.months.map((m) => [m.month, m.forecastMinor]) ?? []);
  return {
    header: ['month', 'kind', 'revenue_minor', 'backtest_minor', 'low_minor', 'high_minor'],
    records: [
      ...answer.history.map((m) => [
        m.month,
        'history',
        m.revenueMinor,
        tested.get(m.month) ?? null,
        null,
        null,
      ]),
      ...answer.forecast.map((m) => [
        m.month,
        'forecast',
        m.revenueMinor,
        null,
        m.lowMinor,
        m.highMinor,
      ]),
    ],
  };
}

/** A row per metric: each group's value, the difference with its interval and the relative uplift. */
export function upliftTable(answer: Uplift): AnalyticsTable {
  const metrics: [string, keyof UpliftGroup & keyof Uplift][] = [
    ['revenue_per_customer_minor', 'revenuePerCustomerMinor'],
    ['purchases_per_customer', 'purchasesPerCustomer'],
    ['average_check_minor', 'averageCheckMinor'],
  ];
  return {
    header: ['metric', 'treated', 'held_out', 'difference', 'low', 'high', 'relative'],
    records: metrics.map(([name, key]) => {
      const d = answer[key];
      return [
        name,
        answer.treated[key],
        answer.heldOut[key],
        d.difference,
        d.low,
        d.high,
        d.relative,
      ];
    }),
  };
}
