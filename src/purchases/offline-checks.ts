import type { Actor } from '../access/actor.ts';
import { PerkError } from '../errors.ts';
import { type CommitDeps, commitPurchase } from './commit-purchase.ts';
import type { CommitRequest } from './commit-request.ts';

export interface OfflineCheckResult {
  transactionId: string;
  status: 'committed' | 'already_committed' | 'refused';
  purchaseId?: string;
  problem?: { code: string; detail: string; field?: string };
}

/**
 * Commits checks a till made while offline, in the order of their own time (ties in upload
 * order), each priced by the ruleset in force at that time and accruing points only: nothing was
 * authorised at the till, so a check that asks to redeem points is refused on its own
 * (`offline_redemption_not_allowed`) while the others go through. Each check is committed
 * exactly once, however often the batch is uploaded.
 */
export async function commitOfflineChecks(
  deps: CommitDeps,
  actor: Actor,
  checks: readonly (CommitRequest & { at: string })[],
  now: () => Date,
): Promise<OfflineCheckResult[]> {
  const ordered = checks
    .map((check, index) => ({ check, index }))
    .sort((a, b) => Date.parse(a.check.at) - Date.parse(b.check.at) || a.index - b.index);
  const results: OfflineCheckResult[] = [];
  for (const { check } of ordered) results.push(await commitOne(deps, actor, check, now));
  return results;
}

async function commitOne(
  deps: CommitDeps,
  actor: Actor,
  check: CommitRequest,
  now: () => Date,
): Promise<OfflineCheckResult> {
  const { transactionId } = check;
  if ((check.redeemPoints ?? 0) > 0) {
    const detail = 'An offline check cannot spend points: the balance was not checked at the till';
    return {
      transactionId,
      status: 'refused',
      problem: { code: 'offline_redemption_not_allowed', detail, field: '/redeemPoints' },
    };
  }
  try {
    const { receipt, replayed } = await commitPurchase(deps, actor, check, { offline: true, now });
    return {
      transactionId,
      status: replayed ? 'already_committed' : 'committed',
      purchaseId: receipt.purchaseId,
    };
  } catch (error) {
    if (!(error instanceof PerkError)) throw error;
    return {
      transactionId,
      status: 'refused',
      problem: {
        code: error.code,
        detail: error.message,
        ...(error.field ? { field: error.field } : {}),
      },
    };
  }
}
