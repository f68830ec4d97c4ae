import { sql } from 'kysely';
import { monthNumber, monthOfNumber } from '../calendar/day-number.ts';
import type { Db } from '../store/database.ts';
import { readingFigures } from './checks.ts';
import { bucketSums } from './day-sums.ts';
import { fitAndForecast, methodFor, type SmoothingMethod } from './holt-winters.ts';

export interface MonthRevenue {
  /** `YYYY-MM` in the programme's time zone. */
  month: string;
  revenueMinor: number;
}

export interface RevenueForecast {
  timeZone: string;
  /** null: fewer than four whole months of history. */
  method: SmoothingMethod | null;
  smoothing: { alpha: number; beta: number; gamma: number | null } | null;
  /** Every whole month from the first with a check to the last before `at`, empty ones as 0. */
  history: MonthRevenue[];
  /** The same method fitted without the last 3 months, against what they were. */
  backtest: {
    months: { month: string; actualMinor: number; forecastMinor: number }[];
    /** Mean absolute percentage error, in basis points (months with no revenue left out). */
    mapeBp: number | null;
  } | null;
  forecast: (MonthRevenue & { lowMinor: number; highMinor: number })[];
}

/** Months held out to test the method on the series itself. */
export const heldOutMonths = 3;
/** Months forecast. */
export const forecastMonths = 12;

/**
 * Monthly revenue for the next 12 months without a programme, from the history before `at`
 * (the month of `at` is not whole yet and is left out), narrowed to a channel or a store when
 * asked. Revenue as in the overview: live purchases less refunds, imported history, cancelled
 * checks and outliers left out. Method: see holt-winters.ts; the band is ±1.96 one-step RMSE ×
 * √(months ahead), a rough 95% range that assumes independent errors.
 */
export async function revenueForecast(
  db: Db,
  query: { at: Date; channel?: 'offline' | 'online' | undefined; storeId?: string | undefined },
  timeZone: string,
): Promise<RevenueForecast> {
  // Every month start in the zone, from the first day with a check to the month of `at`.
  const monthStarts = sql`(
    SELECT array_agg(m AT TIME ZONE ${timeZone} ORDER BY m)
    FROM generate_series(
      date_trunc('month', ((SELECT min(day) FROM analytics_days)::timestamp AT TIME ZONE 'UTC')
        AT TIME ZONE ${timeZone}),
      date_trunc('month', ${query.at}::timestamptz AT TIME ZONE ${timeZone}),
      interval '1 month') m)`;
  const { rows } = await readingFigures(db, (trx) =>
    sql<{ month: string; revenue: string | number; upto: string }>`
    SELECT to_char(starts_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month,
      sum(revenue_minor) AS revenue,
      to_char(${query.at}::timestamptz AT TIME ZONE ${timeZone}, 'YYYY-MM') AS upto
    FROM (${bucketSums(monthStarts, query)}) months
    GROUP BY starts_at
    ORDER BY 1`.execute(trx),
  );
  const history = wholeMonths(rows);
  const series = history.map((m) => m.revenueMinor);
  const testable = series.length - heldOutMonths;
  const method = methodFor(testable) ?? methodFor(series.length);
  const fit = fitAndForecast(series, forecastMonths, method);
  if (fit === null) {
    return { timeZone, method: null, smoothing: null, history, backtest: null, forecast: [] };
  }
  const tested = fitAndForecast(series.slice(0, testable), heldOutMonths, fit.method);
  const last = history.at(-1)?.month as string;
  return {
    timeZone,
    method: fit.method,
    smoothing: { alpha: fit.alpha, beta: fit.beta, gamma: fit.gamma },
    history,
    backtest: tested && {
      months: history.slice(testable).map((m, i) => ({
        month: m.month,
        actualMinor: m.revenueMinor,
        forecastMinor: kopecks(tested.forecast[i] as number),
      })),
      mapeBp: mapeBp(series.slice(testable), tested.forecast.map(kopecks)),
    },
    forecast: fit.forecast.map((value, i) => {
      const band = 1.96 * fit.rmse * Math.sqrt(i + 1);
      return {
        month: monthAfter(last, i + 1),
        revenueMinor: kopecks(value),
        lowMinor: kopecks(value - band),
        highMinor: kopecks(value + band),
      };
    }),
  };
}

/** Whole kopecks, never below zero (a falling trend does not make revenue negative). */
function kopecks(value: number): number {
  return Math.max(0, Math.round(value));
}

function mapeBp(actual: readonly number[], forecast: readonly number[]): number | null {
  const errors = actual.flatMap((a, i) =>
    a > 0 ? [Math.abs(a - (forecast[i] as number)) / a] : [],
  );
  if (errors.length === 0) return null;
  return Math.round((errors.reduce((x, y) => x + y, 0) / errors.length) * 10_000);
}

const monthAfter = (month: string, k: number) => monthOfNumber(monthNumber(month) + k);

function wholeMonths(rows: { month: string; revenue: string | number; upto: string }[]) {
  const first = rows[0];
  if (first === undefined) return [];
  const byMonth = new Map(rows.map((row) => [row.month, Number(row.revenue)]));
  const months: MonthRevenue[] = [];
  for (let n = monthNumber(first.month); n < monthNumber(first.upto); n++) {
    const month = monthOfNumber(n);
    months.push({ month, revenueMinor: byMonth.get(month) ?? 0 });
  }
  return months;
}
