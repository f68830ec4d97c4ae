import { type LocalizedText, reasonText } from '../explain/messages.ts';
import { type Reason, reason } from '../explain/reason.ts';
import type { ExplainedReason, Explanation, ExplanationNote } from '../model/calculation.ts';
import type { CompiledPromotion } from '../ruleset/compile-ruleset.ts';
import { type Evaluation, pointsOf } from './evaluate-promotion.ts';
import type { Note, RunState } from './run-state.ts';

/**
 * Texts by reason, per calculation: many promotions share one reason object ("suppressed by X"),
 * found by identity. Reasons without params read the same in every calculation and are kept
 * across them (frozen, since results share them).
 */
interface TextCache {
  readonly texts: Map<Reason, LocalizedText>;
  readonly currency: string;
}

const plainTexts = new Map<Reason['code'], LocalizedText>();

// Frozen reasons with params are shared by calculations (a promotion's "suppressed by"): their
// texts are kept, frozen, while the reasons live, per currency (their amounts are written in it).
const sharedTexts = new Map<string, WeakMap<Reason, LocalizedText>>();

function sharedTextsIn(currency: string): WeakMap<Reason, LocalizedText> {
  let texts = sharedTexts.get(currency);
  if (texts === undefined) {
    texts = new WeakMap();
    sharedTexts.set(currency, texts);
  }
  return texts;
}

function hasParams(why: Reason): boolean {
  for (const _ in why.params) return true;
  return false;
}

// No key strings are built: a lookup by a built key cost more than writing the text again.
function textOf(why: Reason, cache: TextCache): LocalizedText {
  const { texts, currency } = cache;
  if (!hasParams(why)) {
    let plain = plainTexts.get(why.code);
    if (plain === undefined) {
      plain = Object.freeze(reasonText(why.code, why.params));
      plainTexts.set(why.code, plain);
    }
    return plain;
  }
  if (Object.isFrozen(why)) {
    const inCurrency = sharedTextsIn(currency);
    let shared = inCurrency.get(why);
    if (shared === undefined) {
      shared = Object.freeze(reasonText(why.code, why.params, currency));
      inCurrency.set(why, shared);
    }
    return shared;
  }
  let text = texts.get(why);
  if (text === undefined) {
    text = reasonText(why.code, why.params, currency);
    texts.set(why, text);
  }
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
// Shared by every explanation without notes: read-only by type, and results are never mutated.
const NO_NOTES: readonly ExplanationNote[] = [];

/**
 * One explanation per considered promotion at `positions` (null: every one), in application
 * order, amounts in `currency`. Objects are written out field by field: object spread is several
 * times slower here, and this runs for every candidate. Plain loops and a module function, not a
 * closure: a bundle built with kept names pays a property definition for each closure made.
 */
export function explain(
  candidates: readonly CompiledPromotion[],
  evaluations: readonly Evaluation[],
  state: RunState,
  positions: readonly number[] | null,
  currency: string,
): Explanation[] {
  const texts: TextCache = { texts: new Map(), currency };
  const count = positions === null ? evaluations.length : positions.length;
  const explanations = new Array<Explanation>(count);
  for (let at = 0; at < count; at += 1) {
    const k = positions === null ? at : (positions[at] as number);
    explanations[at] = explainAt(
      evaluations[k] as Evaluation,
      candidates[k] as CompiledPromotion,
      state,
      texts,
    );
  }
  return explanations;
}

function explainAt(
  evaluation: Evaluation,
  promotion: CompiledPromotion,
  state: RunState,
  texts: TextCache,
): Explanation {
  const { definition } = promotion;
  const applied = evaluation.applied;
  const why = applied ? APPLIED : evaluation.reason;
  const notes = evaluation.notes;
  const hint = applied ? evaluation.hint : undefined;
  return {
    promotionId: definition.id,
    name: definition.name,
    mechanic: definition.mechanic.kind,
    applied,
    code: why.code,
    params: why.params,
    text: textOf(why, texts),
    discountMinor: applied ? evaluation.discountMinor : 0,
    points: applied ? pointsOf(evaluation.points) : 0,
    notes: notes.length === 0 ? NO_NOTES : notes.map((note) => explainedNote(note, state, texts)),
    hint: hint === undefined ? null : explained(hint, texts),
  };
}
