import type { EpochMs } from '../calendar/day-number.ts';
import type { Lot, LotDraw } from './lots.ts';
import type { TakeBackPlan } from './take-back.ts';

export type PostingKind =
  | 'accrual_pending'
  | 'activation'
  | 'redemption'
  | 'expiry'
  | 'reversal_accrual'
  | 'reversal_redemption'
  | 'adjustment'
  | 'welcome_bonus'
  | 'campaign_bonus'
  | 'opening_balance';

/** Where points sit: outside the customer (issued or spent), earned but not yet spendable, spendable. */
export type PointsAccount = 'world' | 'pending' | 'active';

/**
 * One append-only ledger entry: `points` (> 0) move `from` one account `to` another at business
 * time `effectiveAt` (epoch ms, apart from when the row is written). A correction is a new
 * entry of a reversal kind, never an edit.
 */
export interface Posting {
  kind: PostingKind;
  from: PointsAccount;
  to: PointsAccount;
  points: number;
  effectiveAt: EpochMs;
  lotId?: string;
  purchaseId?: string;
  reason?: string;
}

type Move = `${PointsAccount}>${PointsAccount}`;

/** The moves each kind may make; anything else is refused by {@link checkPosting}. */
export const allowedMoves: Readonly<Record<PostingKind, readonly Move[]>> = {
  accrual_pending: ['world>pending'],
  activation: ['pending>active'],
  redemption: ['active>world'],
  expiry: ['active>world'],
  reversal_accrual: ['pending>world', 'active>world'],
  reversal_redemption: ['world>active'],
  adjustment: ['world>active', 'active>world'],
  welcome_bonus: ['world>pending', 'world>active'],
  campaign_bonus: ['world>pending', 'world>active'],
  opening_balance: ['world>pending', 'world>active'],
};

export interface PostingProblem {
  code: 'points_not_positive' | 'move_not_allowed';
  message: string;
}

/** Every reason `posting` may not be written: `points_not_positive`, `move_not_allowed`. */
export function checkPosting(posting: Posting): PostingProblem[] {
  const problems: PostingProblem[] = [];
  if (!Number.isSafeInteger(posting.points) || posting.points <= 0) {
    problems.push({ code: 'points_not_positive', message: `points must be a whole number > 0` });
  }
  const move: Move = `${posting.from}>${posting.to}`;
  if (!allowedMoves[posting.kind].includes(move)) {
    problems.push({ code: 'move_not_allowed', message: `${posting.kind} cannot move ${move}` });
  }
  return problems;
}

export interface EntriesBalance {
  /** Spendable points net of any debt; negative when the customer owes more than they hold. */
  active: number;
  pending: number;
  /** Points owed after a return took back spent points (entries without a lot). */
  debt: number;
}

/**
 * The customer's balance as the sum of their entries, which the store checks against what it
 * holds: `active + debt` equals the remaining of the lots not yet written off that are active,
 * and {@link remainingByLot} each lot's own remaining.
 */
export function balanceFromEntries(entries: readonly Posting[]): EntriesBalance {
  const result: EntriesBalance = { active: 0, pending: 0, debt: 0 };
  for (const entry of entries) {
    if (entry.from !== 'world') result[entry.from] -= entry.points;
    if (entry.to !== 'world') result[entry.to] += entry.points;
    if (entry.lotId === undefined) {
      result.debt += (entry.from === 'world' ? -1 : 1) * entry.points;
    }
  }
  return result;
}

/** What each lot still holds according to its entries, to check against `Lot.remaining`. */
export function remainingByLot(entries: readonly Posting[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const entry of entries) {
    if (entry.lotId === undefined) continue;
    const sign = (entry.to === 'world' ? -1 : 0) + (entry.from === 'world' ? 1 : 0);
    result.set(entry.lotId, (result.get(entry.lotId) ?? 0) + sign * entry.points);
  }
  return result;
}

/** The entry recording a purchase's accrual into its new, pending lot. */
export function accrualPosting(lot: Lot, purchaseId: string): Posting {
  return {
    kind: 'accrual_pending',
    from: 'world',
    to: 'pending',
    points: lot.amount,
    effectiveAt: lot.earnedAt,
    lotId: lot.lotId,
    purchaseId,
  };
}

/** A welcome or campaign bonus lot: pending when it activates later than it was earned. */
export function bonusPosting(
  kind: 'welcome_bonus' | 'campaign_bonus',
  lot: Lot,
  reason: string,
): Posting {
  const to = lot.activatesAt > lot.earnedAt ? 'pending' : 'active';
  const { amount: points, earnedAt: effectiveAt, lotId } = lot;
  return { kind, from: 'world', to, points, effectiveAt, lotId, reason };
}

/**
 * Points a customer brought from another processing, into the new lot that keeps their own
 * expiry: pending when they become spendable later than the import.
 */
export function openingPosting(lot: Lot, reason: string): Posting {
  const to = lot.activatesAt > lot.earnedAt ? 'pending' : 'active';
  const { amount: points, earnedAt: effectiveAt, lotId } = lot;
  return { kind: 'opening_balance', from: 'world', to, points, effectiveAt, lotId, reason };
}

/** What is left of a pending lot becoming spendable at its activation instant (none if empty). */
export function activationPostings(lot: Lot): Posting[] {
  if (lot.remaining === 0) return [];
  const { remaining: points, activatesAt: effectiveAt, lotId } = lot;
  return [{ kind: 'activation', from: 'pending', to: 'active', points, effectiveAt, lotId }];
}

/** One entry per lot a redemption burns ({@link planBurn}). */
export function redemptionPostings(
  draws: readonly LotDraw[],
  purchaseId: string,
  effectiveAt: EpochMs,
): Posting[] {
  return positive(draws).map(({ lotId, points }) => ({
    kind: 'redemption',
    from: 'active',
    to: 'world',
    points,
    effectiveAt,
    lotId,
    purchaseId,
  }));
}

/**
 * One entry per lot written off ({@link planExpiry}), dated at the lot's own expiry instant
 * whenever the job runs: expiry is never early or late in the books.
 */
export function expiryPostings(draws: readonly LotDraw[], lots: readonly Lot[]): Posting[] {
  return positive(draws).map(({ lotId, points }) => {
    const expiresAt = lots.find((lot) => lot.lotId === lotId)?.expiresAt;
    if (expiresAt === undefined || expiresAt === null) {
      throw new RangeError(`lot ${lotId} has no expiry`);
    }
    return { kind: 'expiry', from: 'active', to: 'world', points, effectiveAt: expiresAt, lotId };
  });
}

/**
 * Entries of a return's take-back ({@link planTakeBack}): one per lot drawn, from the account the
 * points were in, plus one without a lot for a debt the customer now owes. Unrecoverable points
 * move nowhere, so they have no entry.
 */
export function takeBackPostings(
  plan: TakeBackPlan,
  purchaseId: string,
  effectiveAt: EpochMs,
): Posting[] {
  const base = { kind: 'reversal_accrual', to: 'world', effectiveAt, purchaseId } as const;
  const entries: Posting[] = plan.draws
    .filter((draw) => draw.points > 0)
    .map(({ lotId, points, from }) => ({ ...base, from, points, lotId }));
  if (plan.debtPoints > 0) entries.push({ ...base, from: 'active', points: plan.debtPoints });
  return entries;
}

/** Entries giving redeemed points back to their lots on a return ({@link planRestore}). */
export function restorePostings(
  draws: readonly LotDraw[],
  purchaseId: string,
  effectiveAt: EpochMs,
): Posting[] {
  return positive(draws).map(({ lotId, points }) => ({
    kind: 'reversal_redemption',
    from: 'world',
    to: 'active',
    points,
    effectiveAt,
    lotId,
    purchaseId,
  }));
}

/**
 * A manual correction by an operator, with the reason they gave, lot by lot so that lots and
 * entries stay in step: a credit goes into a new lot the caller created, a debit takes the draws
 * of {@link planBurn}.
 */
export function adjustmentPostings(
  direction: 'credit' | 'debit',
  draws: readonly LotDraw[],
  effectiveAt: EpochMs,
  reason: string,
): Posting[] {
  const from = direction === 'credit' ? 'world' : 'active';
  const to = direction === 'credit' ? 'active' : 'world';
  return positive(draws).map(({ lotId, points }) => ({
    kind: 'adjustment',
    from,
    to,
    points,
    effectiveAt,
    lotId,
    reason,
  }));
}

function positive(draws: readonly LotDraw[]): LotDraw[] {
  return draws.filter((draw) => draw.points > 0);
}
