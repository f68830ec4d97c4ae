import { checkEligibility } from '../eligibility/check-eligibility.ts';
import { type Reason, reason } from '../explain/reason.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import { chooseBest, type Option } from './best-combination.ts';
import { type Evaluation, type Evaluator, evaluatePromotion } from './evaluate-promotion.ts';
import { applyEffect, type Note, type RunState } from './run-state.ts';

/** The final word on one considered promotion. */
export interface Verdict {
  readonly promotion: CompiledPromotion;
  readonly evaluation: Evaluation;
}

interface GroupResult {
  readonly state: RunState;
  readonly verdicts: readonly Verdict[];
}

/**
 * Applies candidate promotions (in application order) group by group: each group on the prices
 * left by the earlier ones, by its mode; an applied exclusive promotion stops everything after it.
 */
export function runStacking(
  candidates: readonly CompiledPromotion[],
  start: RunState,
  evaluator: Evaluator,
): GroupResult {
  let state = start;
  const verdicts: Verdict[] = [];
  let from = 0;
  while (from < candidates.length) {
    const groupIndex = candidates[from]?.groupIndex;
    let to = from;
    while (to < candidates.length && candidates[to]?.groupIndex === groupIndex) to += 1;
    const members = candidates.slice(from, to);
    const mode = evaluator.ruleset.groups[groupIndex ?? 0]?.mode ?? 'cumulative';
    const result =
      mode === 'best'
        ? runBest(members, state, evaluator)
        : runSequential(members, state, evaluator, mode === 'first');
    state = result.state;
    verdicts.push(...result.verdicts);
    from = to;
  }
  return { state, verdicts };
}

// Read-only by type, not frozen (frozen arrays slow the loops that also see plain ones).
const NO_NOTES: readonly Note[] = [];

function suppressed(by: CompiledPromotion): Reason {
  return reason('suppressed_by', {
    promotionId: by.definition.id,
    promotionName: by.definition.name,
  });
}

/** An eligible promotion that stacking keeps out is "suppressed by"; otherwise its own reason. */
function blockedVerdict(
  promotion: CompiledPromotion,
  by: CompiledPromotion,
  evaluator: Evaluator,
): Verdict {
  const own = checkEligibility(promotion, evaluator.env);
  return {
    promotion,
    evaluation: { applied: false, reason: own ?? suppressed(by), notes: NO_NOTES },
  };
}

function runSequential(
  members: readonly CompiledPromotion[],
  start: RunState,
  evaluator: Evaluator,
  firstOnly: boolean,
): GroupResult {
  let state = start;
  let winner: CompiledPromotion | null = null;
  const verdicts = members.map((promotion): Verdict => {
    const blocker = state.stoppedBy ?? (firstOnly ? winner : null);
    if (blocker !== null) return blockedVerdict(promotion, blocker, evaluator);
    const evaluation = evaluatePromotion(promotion, state, evaluator);
    if (evaluation.applied) {
      state = applyEffect(state, evaluation.effect);
      winner = promotion;
    }
    return { promotion, evaluation };
  });
  return { state, verdicts };
}

function optionOf(promotion: CompiledPromotion, evaluation: Evaluation): Option | null {
  if (!evaluation.applied) return null;
  // A line listed twice is harmless to the search, so no de-duplication. Mapped, not pushed to:
  // a mapped list is sized exactly (a pushed-to one reserves 17 slots), and most hold one line.
  const { discounts, points } = evaluation.effect;
  const lines = discounts.map((d) => d.index);
  for (const p of points) lines.push(p.index);
  return {
    ordinal: promotion.ordinal,
    valueMinor: evaluation.valueMinor,
    lines,
    exclusive: promotion.definition.stacking.exclusive,
  };
}

/**
 * True when a stand-alone result still holds on the running cart: none of the lines it read
 * (`log[from..to)`, -1 for all lines) has
 * changed since, and the check limit, which only shrinks, still leaves room for all of it.
 */
function stillHolds(
  alone: Evaluation,
  log: readonly number[],
  from: number,
  to: number,
  changed: Uint8Array,
  state: RunState,
): boolean {
  if (!alone.applied) return false;
  for (let k = from; k < to; k += 1) {
    const index = log[k] as number;
    if (index === -1 || changed[index] === 1) return false;
  }
  let givenMinor = 0;
  for (const d of alone.effect.discounts) givenMinor += d.discountMinor;
  const capped = alone.effect.notes.some((note) => note.code === 'capped_by_check_limit');
  return !capped && givenMinor <= state.checkAllowanceMinor;
}

/**
 * `best`: every member is evaluated on the group's starting prices, the most valuable set with at
 * most one promotion per line is chosen, and the chosen ones are applied in application order.
 * A chosen one is evaluated again on the running cart only when what it read has changed.
 */
function runBest(
  members: readonly CompiledPromotion[],
  start: RunState,
  evaluator: Evaluator,
): GroupResult {
  const stopper = start.stoppedBy;
  if (stopper !== null) {
    return { state: start, verdicts: members.map((p) => blockedVerdict(p, stopper, evaluator)) };
  }
  // One log for the whole group; member k's reads are `log[ends[k - 1]..ends[k])`.
  const log: number[] = [];
  const ends: number[] = [];
  const standalone: Evaluation[] = [];
  for (const promotion of members) {
    standalone.push(evaluatePromotion(promotion, start, evaluator, log));
    ends.push(log.length);
  }
  const options = members.map((p, k) => optionOf(p, standalone[k] as Evaluation));
  const applicable = options.filter((o): o is Option => o !== null);
  const chosen = new Set(chooseBest(applicable));
  const winners = applicable.filter((o) => chosen.has(o.ordinal));
  const lineCount = start.lines.length;
  const takenBy = winnersByLine(winners, lineCount);
  // Every promotion a winner suppresses gets the same (immutable) evaluation.
  const suppressions = new Map<number, Evaluation>();
  const changed = new Uint8Array(lineCount);
  let state = start;
  const verdicts = members.map((promotion, k): Verdict => {
    const alone = standalone[k] as Evaluation;
    const option = options[k] ?? null;
    if (option === null || !chosen.has(promotion.ordinal)) {
      if (!alone.applied || option === null) return { promotion, evaluation: alone };
      const by = winnerOver(option, winners, takenBy);
      let evaluation = suppressions.get(by);
      if (evaluation === undefined) {
        const why = suppressed(evaluator.ruleset.promotions[by] as CompiledPromotion);
        evaluation = { applied: false, reason: why, notes: NO_NOTES };
        suppressions.set(by, evaluation);
      }
      return { promotion, evaluation };
    }
    const evaluation = stillHolds(alone, log, ends[k - 1] ?? 0, ends[k] ?? 0, changed, state)
      ? alone
      : evaluatePromotion(promotion, state, evaluator);
    if (evaluation.applied) {
      state = applyEffect(state, evaluation.effect);
      for (const d of evaluation.effect.discounts) changed[d.index] = 1;
    }
    return { promotion, evaluation };
  });
  return { state, verdicts };
}

/** For each line, the position in `winners` of the winner on it (-1: none); winners are disjoint. */
function winnersByLine(winners: readonly Option[], lineCount: number): Int32Array {
  const takenBy = new Int32Array(lineCount).fill(-1);
  winners.forEach((winner, position) => {
    for (const line of winner.lines) if (takenBy[line] === -1) takenBy[line] = position;
  });
  return takenBy;
}

/** The ordinal of the chosen option that took a left-out one's place: the first sharing a line. */
function winnerOver(option: Option, winners: readonly Option[], takenBy: Int32Array): number {
  const first = winners[0] ?? option;
  if (option.exclusive) return first.ordinal;
  // An exclusive winner conflicts with every option, as a shared line does.
  let position = winners.findIndex((winner) => winner.exclusive);
  for (const line of option.lines) {
    const at = takenBy[line] ?? -1;
    if (at !== -1 && (position === -1 || at < position)) position = at;
  }
  return (winners[position] ?? first).ordinal;
}
