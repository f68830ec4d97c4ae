import { dayMs, type EpochMs } from '../calendar/day-number.ts';
import { startOfLocalYear } from '../calendar/time-zone.ts';
import type { Tier, TierPeriod, TierProgram } from './tier-program.ts';

/** Purchases that count: business instant in `(after, at]`; `after` null for all time. */
export interface MetricWindow {
  after: EpochMs | null;
  at: EpochMs;
}

/**
 * The period the metric is counted over, ending at `at`: the last `days` × 24 h for a rolling
 * period, or from the start of `at`'s calendar year in `timeZone` (the programme's) for a
 * calendar year, or every purchase ever for `all_time`.
 */
export function metricWindow(period: TierPeriod, at: EpochMs, timeZone: string): MetricWindow {
  if (period.kind === 'rolling_days') return { after: at - period.days * dayMs, at };
  if (period.kind === 'all_time') return { after: null, at };
  return { after: startOfLocalYear(at, timeZone) - 1, at };
}

/** Position of a tier in the programme (lowest first); -1 for no tier or a tier no longer defined. */
export function tierRank(program: TierProgram, tierId: string | null): number {
  return tierId === null ? -1 : program.tiers.findIndex((tier) => tier.id === tierId);
}

/**
 * True when `metric` meets the tier's entry condition under the programme's comparison. A tier
 * with threshold 0 is the entry tier: it has no condition (the seed's registration level).
 */
export function meetsThreshold(program: TierProgram, tier: Tier, metric: number): boolean {
  if (tier.threshold === 0) return true;
  return program.comparison === 'more_than' ? metric > tier.threshold : metric >= tier.threshold;
}

/** Rank of the highest tier `metric` qualifies for, or -1. */
export function qualifiedRank(program: TierProgram, metric: number): number {
  for (let i = program.tiers.length - 1; i >= 0; i--) {
    if (meetsThreshold(program, program.tiers[i] as Tier, metric)) return i;
  }
  return -1;
}

/** The tier a customer without any recorded move holds: the first, when it needs nothing. */
export function entryTierId(program: TierProgram): string | null {
  const first = program.tiers[0];
  return first !== undefined && qualifiedRank(program, 0) >= 0 ? first.id : null;
}

export interface NextTier {
  tier: Tier;
  /** How much more metric (kopecks or purchases) reaches it. */
  remaining: number;
}

/** The tier above `rank` and how far the metric is from it; null at the top. */
export function nextTier(program: TierProgram, rank: number, metric: number): NextTier | null {
  const tier = program.tiers[rank + 1];
  if (tier === undefined) return null;
  const needed = program.comparison === 'more_than' ? tier.threshold + 1 : tier.threshold;
  return { tier, remaining: Math.max(0, needed - metric) };
}
