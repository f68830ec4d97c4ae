import { type LocalizedText, reasonText } from '../explain/messages.ts';
import { type Reason, reason } from '../explain/reason.ts';
import type { ExplainedReason, Explanation, ExplanationNote } from '../model/calculation.ts';
import type { Verdict } from './run-stacking.ts';
import type { Note, RunState } from './run-state.ts';

/** Texts by reason, per calculation: many promotions share a reason ("suppressed by X"). */
type TextCache = Map<string, LocalizedText>;

function explained(why: Reason, texts: TextCache): ExplainedReason {
  let key: string = why.code;
  for (const name in why.params) key += `|${name}=${why.params[name]}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = reasonText(why.code, why.params);
    texts.set(key, text);
  }
  return { code: why.code, params: why.params, text };
}

function explainedNote(note: Note, state: RunState, texts: TextCache): ExplanationNote {
  const lineIds = note.lineIndexes.map((i) => state.lines[i]?.line.lineId ?? '');
  return { code: note.code, params: note.params, text: explained(note, texts).text, lineIds };
}

const APPLIED = reason('applied');

/**
 * One explanation per considered promotion, in application order. Objects are written out field
 * by field: object spread is several times slower here, and this runs for every candidate.
 */
export function explain(verdicts: readonly Verdict[], state: RunState): Explanation[] {
  const texts: TextCache = new Map();
  return verdicts.map(({ promotion, evaluation }): Explanation => {
    const { definition } = promotion;
    const applied = evaluation.applied;
    const why = explained(applied ? APPLIED : evaluation.reason, texts);
    const notes = applied ? evaluation.effect.notes : evaluation.notes;
    const hint = applied ? evaluation.effect.hint : undefined;
    return {
      promotionId: definition.id,
      name: definition.name,
      mechanic: definition.mechanic.kind,
      applied,
      code: why.code,
      params: why.params,
      text: why.text,
      discountMinor: applied ? sumDiscounts(evaluation.effect.discounts) : 0,
      points: applied ? evaluation.effect.points.reduce((sum, p) => sum + p.points, 0) : 0,
      notes: notes.map((note) => explainedNote(note, state, texts)),
      hint: hint === undefined ? null : explained(hint, texts),
    };
  });
}

function sumDiscounts(discounts: readonly { discountMinor: number }[]): number {
  return discounts.reduce((sum, d) => sum + d.discountMinor, 0);
}
