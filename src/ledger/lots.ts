import type { EpochMs } from '../calendar/day-number.ts';
import { assertNonNegativeInteger } from './integers.ts';

/**
 * Points earned together (one purchase's accrual, one bonus), tracked so that spending and expiry
 * are exact. Instants are epoch ms; `expiresAt` is exclusive and null when the points never
 * expire. `remaining` (≥ 0) is what is left of `amount` after burns, take-backs and expiry.
 */
export interface Lot {
  lotId: string;
  earnedAt: EpochMs;
  activatesAt: EpochMs;
  expiresAt: EpochMs | null;
  amount: number;
  remaining: number;
}

export type LotState = 'pending' | 'active' | 'expired';

/** Points taken from (or given back to) one lot. */
export interface LotDraw {
  lotId: string;
  points: number;
}

/** A lot is active from `activatesAt` (inclusive) until `expiresAt` (exclusive). */
export function lotState(lot: Lot, now: EpochMs): LotState {
  if (lot.expiresAt !== null && now >= lot.expiresAt) return 'expired';
  return now < lot.activatesAt ? 'pending' : 'active';
}

/**
 * The order points are spent in: the soonest expiry first (points that never expire last), then
 * the oldest earned, then by lot id so the order is total and repeatable. With one expiry rule
 * for all points this is plain FIFO; a short-lived bonus is spent before it can be lost.
 */
export function spendingOrder(a: Lot, b: Lot): number {
  const aExpires = a.expiresAt ?? Number.POSITIVE_INFINITY;
  const bExpires = b.expiresAt ?? Number.POSITIVE_INFINITY;
  if (aExpires !== bExpires) return aExpires < bExpires ? -1 : 1;
  if (a.earnedAt !== b.earnedAt) return a.earnedAt - b.earnedAt;
  return a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0;
}

/** Takes `points` from `lots` in the order given, each lot at most its remaining. */
export function drawInOrder(
  lots: readonly Pick<Lot, 'lotId' | 'remaining'>[],
  points: number,
): LotDraw[] {
  const draws: LotDraw[] = [];
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) draws.push({ lotId: lot.lotId, points: take });
    left -= take;
  }
  return draws;
}

export type BurnPlan =
  | { ok: true; draws: LotDraw[] }
  | { ok: false; code: 'insufficient_points'; available: number };

/**
 * Which lots a redemption of `points` consumes: active lots only, in {@link spendingOrder}.
 * Refuses with `insufficient_points` (and the active total) when they hold too few.
 */
export function planBurn(lots: readonly Lot[], points: number, now: EpochMs): BurnPlan {
  assertNonNegativeInteger('points', points);
  const active = lots.filter((lot) => lotState(lot, now) === 'active').sort(spendingOrder);
  const available = active.reduce((sum, lot) => sum + lot.remaining, 0);
  if (available < points) return { ok: false, code: 'insufficient_points', available };
  return { ok: true, draws: drawInOrder(active, points) };
}

/** Every lot expired by `now` that still holds points, with exactly what it holds. */
export function planExpiry(lots: readonly Lot[], now: EpochMs): LotDraw[] {
  return lots
    .filter((lot) => lot.remaining > 0 && lotState(lot, now) === 'expired')
    .sort(spendingOrder)
    .map((lot) => ({ lotId: lot.lotId, points: lot.remaining }));
}

export interface LotBalance {
  /** Spendable now. */
  active: number;
  /** Earned but not yet spendable (inside the return period). */
  pending: number;
  /** Active points that expire within the window, grouped by expiry instant, soonest first. */
  expiringSoon: { at: EpochMs; points: number }[];
}

/**
 * A customer's points at `now`, from their lots. `expiringSoon` lists active points whose expiry
 * falls within `soonDays` × 24 h of `now`. Lots already expired but not yet written off count
 * nowhere: they are no longer the customer's to spend.
 */
export function balance(lots: readonly Lot[], now: EpochMs, soonDays: number): LotBalance {
  const horizon = now + soonDays * 86_400_000;
  const result: LotBalance = { active: 0, pending: 0, expiringSoon: [] };
  const soon = new Map<EpochMs, number>();
  for (const lot of lots) {
    const state = lotState(lot, now);
    if (state === 'pending') result.pending += lot.remaining;
    if (state !== 'active') continue;
    result.active += lot.remaining;
    if (lot.expiresAt !== null && lot.expiresAt <= horizon && lot.remaining > 0) {
      soon.set(lot.expiresAt, (soon.get(lot.expiresAt) ?? 0) + lot.remaining);
    }
  }
  result.expiringSoon = [...soon].sort(([a], [b]) => a - b).map(([at, points]) => ({ at, points }));
  return result;
}
