import { reasonText } from '../explain/messages.ts';
import { type Reason, reason } from '../explain/reason.ts';
import type { ExplainedReason, Explanation, ExplanationNote } from '../model/calculation.ts';
import type { Verdict } from './run-stacking.ts';
import type { Note, RunState } from './run-state.ts';

function explained(why: Reason): ExplainedReason {
  return { code: why.code, params: why.params, text: reasonText(why.code, why.params) };
}

function explainedNote(note: Note, state: RunState): ExplanationNote {
  const lineId =
    note.lineIndex === undefined ? null : (state.lines[note.lineIndex]?.line.lineId ?? null);
  return { ...explained(note), lineId };
}

/** One explanation per considered promotion, in application order. */
export function explain(verdicts: readonly Verdict[], state: RunState): Explanation[] {
  return verdicts.map(({ promotion, evaluation }) => {
    const { definition } = promotion;
    const head = {
      promotionId: definition.id,
      name: definition.name,
      mechanic: definition.mechanic.kind,
    };
    if (!evaluation.applied) {
      return {
        ...head,
        applied: false,
        ...explained(evaluation.reason),
        discountMinor: 0,
        points: 0,
        notes: evaluation.notes.map((note) => explainedNote(note, state)),
        hint: null,
      };
    }
    const { effect } = evaluation;
    return {
      ...head,
      applied: true,
      ...explained(reason('applied')),
      discountMinor: effect.discounts.reduce((sum, d) => sum + d.discountMinor, 0),
      points: effect.points.reduce((sum, p) => sum + p.points, 0),
      notes: effect.notes.map((note) => explainedNote(note, state)),
      hint: effect.hint === undefined ? null : explained(effect.hint),
    };
  });
}
