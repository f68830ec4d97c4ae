/**
 * Exponential smoothing of a monthly series (Hyndman & Athanasopoulos, "Forecasting: Principles
 * and Practice", ch. 8): Holt–Winters with additive trend and additive seasonality of 12 months
 * when the series holds at least two whole years, Holt's linear trend otherwise. Statistics, not
 * bookkeeping: the states are floating point, and only the answers are rounded to whole kopecks.
 */

export type SmoothingMethod = 'holt-winters-additive' | 'holt-linear';

export interface SmoothingFit {
  method: SmoothingMethod;
  /** Smoothing of the level, trend and season (season: null for Holt's method). */
  alpha: number;
  beta: number;
  gamma: number | null;
  /** Root mean square of the one-step-ahead errors over the series. */
  rmse: number;
  /** The next `horizon` values after the series. */
  forecast: number[];
}

/** Months in a season. */
export const seasonLength = 12;
/** Fewest months Holt's method is fitted on; Holt–Winters needs two seasons. */
export const minimumMonths = 4;

// The grid the smoothing parameters are chosen from: the combination with the least sum of
// squared one-step errors wins, the first in grid order on a tie, so a fit is reproducible.
const grid = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

function minimumMonthsOf(method: SmoothingMethod): number {
  return method === 'holt-winters-additive' ? 2 * seasonLength : minimumMonths;
}

/** The method a series of `months` months is fitted with, or null when it is too short. */
export function methodFor(months: number): SmoothingMethod | null {
  if (months >= 2 * seasonLength) return 'holt-winters-additive';
  return months >= minimumMonths ? 'holt-linear' : null;
}

/**
 * Fits `series` (oldest first) with `method` — by default the one its length allows — and
 * forecasts `horizon` ahead; null when the series is too short for it.
 */
export function fitAndForecast(
  series: readonly number[],
  horizon: number,
  method: SmoothingMethod | null = methodFor(series.length),
): SmoothingFit | null {
  if (method === null || series.length < minimumMonthsOf(method)) return null;
  const gammas = method === 'holt-winters-additive' ? grid : [null];
  let best: { alpha: number; beta: number; gamma: number | null; run: Run } | null = null;
  for (const alpha of grid) {
    for (const beta of grid) {
      for (const gamma of gammas) {
        const run = smooth(series, alpha, beta, gamma);
        if (best === null || run.sse < best.run.sse) best = { alpha, beta, gamma, run };
      }
    }
  }
  if (best === null) return null;
  const { alpha, beta, gamma, run } = best;
  return {
    method,
    alpha,
    beta,
    gamma,
    rmse: Math.sqrt(run.sse / run.steps),
    forecast: Array.from({ length: horizon }, (_, i) => run.ahead(i + 1)),
  };
}

interface Run {
  sse: number;
  steps: number;
  /** The forecast `h` months after the series' last. */
  ahead(h: number): number;
}

/**
 * One pass of the recursions. Holt–Winters starts from the first two seasons: the trend is the
 * change of their means per month, the level the first season's mean carried back to the month
 * before the series, each month's season the mean of its two deviations from that line (so a
 * series that is exactly a line plus a yearly pattern is forecast exactly). Holt starts from the
 * first two values.
 */
function smooth(series: readonly number[], alpha: number, beta: number, gamma: number | null): Run {
  const at = (i: number) => series[i] as number;
  const m = seasonLength;
  let level: number;
  let trend: number;
  let start: number;
  const season: number[] = [];
  if (gamma === null) {
    level = at(0);
    trend = at(1) - at(0);
    start = 1;
  } else {
    const mean = (from: number) => series.slice(from, from + m).reduce((a, b) => a + b, 0) / m;
    trend = (mean(m) - mean(0)) / m;
    level = mean(0) - (trend * (m + 1)) / 2;
    for (let i = 0; i < m; i++) {
      season.push(
        (at(i) - (level + trend * (i + 1)) + at(m + i) - (level + trend * (m + i + 1))) / 2,
      );
    }
    start = 0;
  }
  let sse = 0;
  for (let t = start; t < series.length; t++) {
    const seasonal = gamma === null ? 0 : (season[t % m] as number);
    const error = at(t) - (level + trend + seasonal);
    sse += error * error;
    const previous = level;
    level = alpha * (at(t) - seasonal) + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
    if (gamma !== null) season[t % m] = gamma * (at(t) - level) + (1 - gamma) * seasonal;
  }
  const n = series.length;
  return {
    sse,
    steps: n - start,
    ahead: (h) => level + h * trend + (gamma === null ? 0 : (season[(n - 1 + h) % m] as number)),
  };
}
