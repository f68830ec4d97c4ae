import { type Reason, reason } from '../explain/reason.ts';
import { lineAt } from '../mechanics/line-discounts.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import { BEST_ORDER_GROUP_CAP } from '../ruleset/ruleset-settings.ts';
import { chooseBest } from './best-combination.ts';
import {
  type Evaluation,
  type Evaluator,
  evaluatePromotion,
  refused,
} from './evaluate-promotion.ts';
import {
  type AppliedEffect,
  applyEffect,
  type Note,
  type RunState,
  undoEffect,
} from './run-state.ts';

interface StackingResult {
  readonly state: RunState;
  /** The final word on each candidate, at the candidate's position. */
  readonly evaluations: readonly Evaluation[];
}

/**
 * Applies candidate promotions (in application order) group by group: each group on the prices
 * left by the earlier ones, by its mode; an applied exclusive promotion stops everything after it.
 */
export function runStacking(
  candidates: readonly CompiledPromotion[],
  state: RunState,
  evaluator: Evaluator,
): StackingResult {
  // Written at each candidate's position, into a list sized up front.
  const evaluations = new Array<Evaluation>(candidates.length);
  let from = 0;
  while (from < candidates.length) {
    const groupIndex = candidates[from]?.groupIndex;
    let to = from;
    while (to < candidates.length && candidates[to]?.groupIndex === groupIndex) to += 1;
    const mode = evaluator.ruleset.groups[groupIndex ?? 0]?.mode ?? 'cumulative';
    if (mode === 'best') runBest(candidates, from, to, state, evaluator, evaluations);
    else if (mode === 'best-order') {
      runBestOrder(candidates, from, to, state, evaluator, evaluations);
    } else runSequential(candidates, from, to, state, evaluator, evaluations, mode === 'first');
    from = to;
  }
  return { state, evaluations };
}

/** An eligible promotion that stacking keeps out is "suppressed by"; otherwise its own reason. */
function blocked(position: number, by: CompiledPromotion, evaluator: Evaluator) {
  const own: Reason | null = evaluator.eligibility[position] ?? null;
  return own === null ? by.suppression : refused(own);
}

/** `cumulative` and `first`: members one by one on the running cart. */
function runSequential(
  candidates: readonly CompiledPromotion[],
  from: number,
  to: number,
  state: RunState,
  evaluator: Evaluator,
  evaluations: Evaluation[],
  firstOnly: boolean,
): void {
  let winner: CompiledPromotion | null = null;
  for (let k = from; k < to; k += 1) {
    const promotion = candidates[k] as CompiledPromotion;
    const blocker = state.stoppedBy ?? (firstOnly ? winner : null);
    if (blocker !== null) {
      evaluations[k] = blocked(k, blocker, evaluator);
      continue;
    }
    const evaluation = evaluatePromotion(promotion, k, state, evaluator);
    if (evaluation.applied) {
      applyEffect(state, evaluation);
      winner = promotion;
    }
    evaluations[k] = evaluation;
  }
}

/**
 * True when a stand-alone result still holds on the running cart: none of the lines it read
 * (`log[from..to)`, -1 for all lines) has changed since, and the check limit, which only shrinks,
 * still leaves room for all of it.
 */
function stillHolds(
  alone: AppliedEffect,
  log: readonly number[],
  from: number,
  to: number,
  changed: Uint8Array,
  state: RunState,
): boolean {
  for (let k = from; k < to; k += 1) {
    const index = log[k] as number;
    if (index === -1 || changed[index] === 1) return false;
  }
  for (const note of alone.notes) if (note.code === 'capped_by_check_limit') return false;
  return alone.discountMinor <= state.checkAllowanceMinor;
}

/**
 * `best`: every member is evaluated on the group's starting prices (before any of them applies), the most valuable set with at
 * most one promotion per line is chosen, and the chosen ones are applied in application order.
 * A chosen one is evaluated again on the running cart only when what it read has changed.
 */
function runBest(
  candidates: readonly CompiledPromotion[],
  from: number,
  to: number,
  state: RunState,
  evaluator: Evaluator,
  evaluations: Evaluation[],
): void {
  const stopper = state.stoppedBy;
  if (stopper !== null) {
    for (let k = from; k < to; k += 1) {
      evaluations[k] = blocked(k, stopper, evaluator);
    }
    return;
  }
  // Stand-alone results go straight into `evaluations`, at the members' positions, and are
  // replaced there by the final word. One log for the group: member k's reads are
  // `log[ends[m - 1]..ends[m])`, m = k - from.
  const log = readLog;
  const ends = readEnds;
  log.length = 0;
  ends.length = 0;
  const applicable: AppliedEffect[] = [];
  for (let k = from; k < to; k += 1) {
    const alone = evaluatePromotion(candidates[k] as CompiledPromotion, k, state, evaluator, log);
    evaluations[k] = alone;
    ends.push(log.length);
    if (alone.applied) applicable.push(alone);
  }
  // Chosen and applicable are both in application order: one walk pairs them.
  const winners = chooseBest(applicable);
  const takenBy = winnersByLine(winners, state.lines.length);
  const exclusiveAt = winners.findIndex((w) => w.promotion.definition.stacking.exclusive);
  const changed = new Uint8Array(state.lines.length);
  let next = 0;
  for (let k = from; k < to; k += 1) {
    const m = k - from;
    const alone = evaluations[k] as Evaluation;
    if (!alone.applied) continue;
    if (winners[next] !== alone) {
      const at = winnerOver(alone, exclusiveAt, takenBy);
      evaluations[k] = (winners[at] as AppliedEffect).promotion.suppression;
      continue;
    }
    next += 1;
    const evaluation = stillHolds(alone, log, ends[m - 1] ?? 0, ends[m] ?? 0, changed, state)
      ? alone
      : evaluatePromotion(alone.promotion, k, state, evaluator);
    if (evaluation.applied) {
      applyEffect(state, evaluation);
      for (let e = evaluation.discountsFrom; e < evaluation.discountsTo; e += 1) {
        changed[lineAt(e)] = 1;
      }
    }
    evaluations[k] = evaluation;
  }
}

// The lines each member of a `best` group read, reused by every group (a group is settled before
// the next starts, and the lists never leave it).
const readLog: number[] = [];
const readEnds: number[] = [];

// Reused across groups and calculations: a fresh typed array of this size is allocated outside
// the heap, slowly, and this one is read only while its group is settled.
let takenByScratch = new Int32Array(64);

/** For each line, the position in `winners` of the winner on it (-1: none); winners are disjoint. */
function winnersByLine(winners: readonly AppliedEffect[], lineCount: number): Int32Array {
  if (takenByScratch.length < lineCount) takenByScratch = new Int32Array(lineCount * 2);
  const takenBy = takenByScratch;
  takenBy.fill(-1, 0, lineCount);
  for (let position = 0; position < winners.length; position += 1) {
    const winner = winners[position] as AppliedEffect;
    for (let e = winner.discountsFrom; e < winner.discountsTo; e += 1) {
      if (takenBy[lineAt(e)] === -1) takenBy[lineAt(e)] = position;
    }
    for (const p of winner.points) if (takenBy[p.index] === -1) takenBy[p.index] = position;
  }
  return takenBy;
}

/**
 * The position of the chosen option that took a left-out one's place: the first sharing a line,
 * or an exclusive winner, which conflicts with every option.
 */
function winnerOver(option: AppliedEffect, exclusiveAt: number, takenBy: Int32Array): number {
  if (option.promotion.definition.stacking.exclusive) return 0;
  let position = exclusiveAt;
  for (let e = option.discountsFrom; e < option.discountsTo; e += 1) {
    position = earlier(position, takenBy[lineAt(e)] ?? -1);
  }
  for (const p of option.points) position = earlier(position, takenBy[p.index] ?? -1);
  return position === -1 ? 0 : position;
}

function earlier(position: number, at: number): number {
  return at !== -1 && (position === -1 || at < position) ? at : position;
}

/**
 * `best-order`: every member that applies, in the order worth the most to the customer (money
 * off plus points at their value, as `best` counts): each order is tried on the running cart, a
 * member applying on the prices its predecessors left. Of equally good orders the first in
 * priority order wins. Each applied member's explanation names the order. A group larger than the
 * cap (refused at save, so only a ruleset built around the API) applies in priority order.
 */
function runBestOrder(
  candidates: readonly CompiledPromotion[],
  from: number,
  to: number,
  state: RunState,
  evaluator: Evaluator,
  evaluations: Evaluation[],
): void {
  const members: number[] = [];
  for (let k = from; k < to; k += 1) if (evaluator.eligibility[k] == null) members.push(k);
  if (state.stoppedBy !== null || members.length > BEST_ORDER_GROUP_CAP) {
    runSequential(candidates, from, to, state, evaluator, evaluations, false);
    return;
  }
  const order = bestOrder(members, candidates, state, evaluator);
  const note = order.length < 2 ? null : orderNote(order, candidates);
  order.forEach((k, at) => {
    const evaluation = evaluatePromotion(candidates[k] as CompiledPromotion, k, state, evaluator);
    // The search applied it on this very cart, so it applies again, the same.
    if (!evaluation.applied) throw new Error('best-order replay diverged');
    const effect: AppliedEffect =
      note === null ? evaluation : { ...evaluation, notes: [...evaluation.notes, note(at)] };
    applyEffect(state, effect);
    evaluations[k] = effect;
  });
  for (let k = from; k < to; k += 1) {
    if (order.includes(k)) continue;
    evaluations[k] =
      state.stoppedBy === null
        ? evaluatePromotion(candidates[k] as CompiledPromotion, k, state, evaluator)
        : blocked(k, state.stoppedBy, evaluator);
  }
}

/**
 * The positions of the members in the order worth the most, found by trying every order on the
 * running cart (applied and taken back); the cart is as it was on return. An order ends when no
 * member left applies (or an exclusive one applied); orders are tried in priority order and only
 * a better one replaces the best so far, so ties go to priority.
 */
function bestOrder(
  members: readonly number[],
  candidates: readonly CompiledPromotion[],
  state: RunState,
  evaluator: Evaluator,
): number[] {
  let best: number[] = [];
  let bestValue = -1;
  const path: number[] = [];
  const used = new Uint8Array(members.length);
  const visit = (value: number): void => {
    let extended = false;
    for (let m = 0; m < members.length && state.stoppedBy === null; m += 1) {
      if (used[m] === 1) continue;
      const k = members[m] as number;
      const evaluation = evaluatePromotion(candidates[k] as CompiledPromotion, k, state, evaluator);
      if (!evaluation.applied) continue;
      extended = true;
      const stoppedBefore = state.stoppedBy;
      applyEffect(state, evaluation);
      used[m] = 1;
      path.push(k);
      visit(value + evaluation.valueMinor);
      path.pop();
      used[m] = 0;
      undoEffect(state, evaluation, stoppedBefore);
    }
    if (!extended && value > bestValue) {
      bestValue = value;
      best = [...path];
    }
  };
  visit(0);
  return best;
}

/** The note each applied member of a `best-order` group carries: its place and the whole order. */
function orderNote(
  order: readonly number[],
  candidates: readonly CompiledPromotion[],
): (at: number) => Note {
  const names = order.map((k) => (candidates[k] as CompiledPromotion).definition.name);
  const orderRu = names.map((name) => `«${name}»`).join(' → ');
  const orderEn = names.map((name) => `“${name}”`).join(' → ');
  const orderIds = order.map((k) => (candidates[k] as CompiledPromotion).definition.id).join(',');
  return (at) => ({
    ...reason('best_order', {
      position: at + 1,
      count: order.length,
      promotionIds: orderIds,
      orderRu,
      orderEn,
    }),
    lineIndexes: [],
  });
}
