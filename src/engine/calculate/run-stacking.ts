import { checkEligibility } from '../eligibility/check-eligibility.ts';
import { type Reason, reason } from '../explain/reason.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import { chooseBest, conflicts, type Option } from './best-combination.ts';
import { type Evaluation, type Evaluator, evaluatePromotion } from './evaluate-promotion.ts';
import { applyEffect, type RunState } from './run-state.ts';

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
  return { promotion, evaluation: { applied: false, reason: own ?? suppressed(by), notes: [] } };
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
  const lines = new Set<number>();
  for (const d of evaluation.effect.discounts) lines.add(d.index);
  for (const p of evaluation.effect.points) lines.add(p.index);
  return {
    ordinal: promotion.ordinal,
    valueMinor: evaluation.valueMinor,
    lines,
    exclusive: promotion.definition.stacking.exclusive,
  };
}

/**
 * `best`: every member is evaluated on the group's starting prices, the most valuable set with at
 * most one promotion per line is chosen, and the chosen ones are applied in application order.
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
  const standalone = members.map((promotion) => evaluatePromotion(promotion, start, evaluator));
  const options = members.map((p, k) => optionOf(p, standalone[k] as Evaluation));
  const chosen = new Set(chooseBest(options.filter((o): o is Option => o !== null)));
  const winners = options.filter((o): o is Option => o !== null && chosen.has(o.ordinal));
  let state = start;
  const verdicts = members.map((promotion, k): Verdict => {
    const alone = standalone[k] as Evaluation;
    const option = options[k] ?? null;
    if (option === null || !chosen.has(promotion.ordinal)) {
      if (!alone.applied || option === null) return { promotion, evaluation: alone };
      const by = evaluator.ruleset.promotions[winnerOver(option, winners)] as CompiledPromotion;
      return { promotion, evaluation: { applied: false, reason: suppressed(by), notes: [] } };
    }
    // Until something applies, the running cart is the one the option was evaluated on.
    const evaluation = state === start ? alone : evaluatePromotion(promotion, state, evaluator);
    if (evaluation.applied) state = applyEffect(state, evaluation.effect);
    return { promotion, evaluation };
  });
  return { state, verdicts };
}

/** The ordinal of the chosen option that took a left-out one's place: the first sharing a line. */
function winnerOver(option: Option, winners: readonly Option[]): number {
  const sharing = winners.find((winner) => conflicts(option, winner));
  return (sharing ?? winners[0] ?? option).ordinal;
}
