import { type LocalizedText, reasonText } from '../explain/messages.ts';
import { type Reason, reason } from '../explain/reason.ts';
import type { ExplainedReason, Explanation, ExplanationNote } from '../model/calculation.ts';
import type { Verdict } from './run-stacking.ts';
import type { Note, RunState } from './run-state.ts';

/**
 * Texts by reason, per calculation: many promotions share a reason ("suppressed by X"). Shared
 * reason objects are found by identity; others by a key of their code and params.
 */
interface TextCache {
  readonly byReason: Map<Reason, LocalizedText>;
  readonly byKey: Map<string, LocalizedText>;
}

// A reason without params always reads the same: its text is kept across calculations (frozen,
// since results share it).
const plainTexts = new Map<Reason['code'], LocalizedText>();

function textOf(why: Reason, texts: TextCache): LocalizedText {
  let text = texts.byReason.get(why);
  if (text !== undefined) return text;
  let key: string = why.code;
  for (const name in why.params) key += `|${name}=${why.params[name]}`;
  const plain = key === why.code;
  text = plain ? plainTexts.get(why.code) : texts.byKey.get(key);
  if (text === undefined) {
    text = reasonText(why.code, why.params);
    if (plain) plainTexts.set(why.code, Object.freeze(text));
    else texts.byKey.set(key, text);
  }
  texts.byReason.set(why, text);
  return text;
}

function explained(why: Reason, texts: TextCache): ExplainedReason {
  return { code: why.code, params: why.params, text: textOf(why, texts) };
}

function explainedNote(note: Note, state: RunState, texts: TextCache): ExplanationNote {
  const lineIds = note.lineIndexes.map((i) => state.lines[i]?.line.lineId ?? '');
  return { code: note.code, params: note.params, text: textOf(note, texts), lineIds };
}

const APPLIED = reason('applied');

/**
 * One explanation per considered promotion, in application order. Objects are written out field
 * by field: object spread is several times slower here, and this runs for every candidate.
 */
export function explain(verdicts: readonly Verdict[], state: RunState): Explanation[] {
  const texts: TextCache = { byReason: new Map(), byKey: new Map() };
  return verdicts.map(({ promotion, evaluation }): Explanation => {
    const { definition } = promotion;
    const applied = evaluation.applied;
    const why = applied ? APPLIED : evaluation.reason;
    const notes = applied ? evaluation.effect.notes : evaluation.notes;
    const hint = applied ? evaluation.effect.hint : undefined;
    return {
      promotionId: definition.id,
      name: definition.name,
      mechanic: definition.mechanic.kind,
      applied,
      code: why.code,
      params: why.params,
      text: textOf(why, texts),
      discountMinor: applied ? sumDiscounts(evaluation.effect.discounts) : 0,
      points: applied ? evaluation.effect.points.reduce((sum, p) => sum + p.points, 0) : 0,
      notes: notes.length === 0 ? [] : notes.map((note) => explainedNote(note, state, texts)),
      hint: hint === undefined ? null : explained(hint, texts),
    };
  });
}

function sumDiscounts(discounts: readonly { discountMinor: number }[]): number {
  return discounts.reduce((sum, d) => sum + d.discountMinor, 0);
}
