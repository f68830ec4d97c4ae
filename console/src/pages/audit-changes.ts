import type { Language } from '../i18n';

/** What the audit log stores of a change: the states before and after, as the API gives them. */
export interface Audited {
  entityType: string;
  before: unknown;
  after: unknown;
}

/** One value that changed, at its path in the state ('tiers › 2 › threshold'). */
export interface Change {
  field: string;
  /** The path's keys, rows counted from 1 ('tiers', '2', 'threshold'). */
  path: string[];
  /** The last key of the path: it says the value's unit ('…Minor' kopecks, '…Bp' basis points). */
  key: string;
  before: unknown;
  after: unknown;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A text kept in both languages ({ ru, en }): one value, read in the operator's language. */
export function isLocalized(value: unknown): value is Record<Language, string> {
  return (
    isRecord(value) &&
    Object.keys(value).length === 2 &&
    typeof value.ru === 'string' &&
    typeof value.en === 'string'
  );
}

const scalar = (value: unknown) => !isRecord(value) && !Array.isArray(value);

/** Every value the state holds, by its path; lists of plain values and localized texts stay whole. */
function leaves(
  value: unknown,
  path: string[],
  out: Map<string, Change>,
  side: 'before' | 'after',
) {
  const put = (at: string[], leaf: unknown) => {
    const field = at.join(' › ');
    const change = out.get(field) ?? {
      field,
      path: at,
      key: at.at(-1) ?? '',
      before: undefined,
      after: undefined,
    };
    change[side] = leaf;
    out.set(field, change);
  };
  if (isLocalized(value) || (Array.isArray(value) && value.every(scalar))) {
    put(path, value);
    return;
  }
  if (Array.isArray(value)) {
    // Rows counted from 1, as people count them.
    for (const [i, item] of value.entries()) leaves(item, [...path, String(i + 1)], out, side);
    if (value.length === 0) put(path, value);
    return;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    for (const [key, item] of entries) leaves(item, [...path, key], out, side);
    if (entries.length === 0 && path.length > 0) put(path, value);
    return;
  }
  if (path.length > 0) put(path, value);
}

/**
 * The values that differ between the state before and after a change, each at its full path, so
 * a promotion's edited threshold reads as one line rather than two copies of the whole rule.
 */
export function changesOf(entry: Audited): Change[] {
  const out = new Map<string, Change>();
  leaves(entry.before ?? null, [], out, 'before');
  leaves(entry.after ?? null, [], out, 'after');
  return [...out.values()].filter(
    (change) => JSON.stringify(change.before ?? null) !== JSON.stringify(change.after ?? null),
  );
}

/** A customer's name as people write it (family name first), from a profile's fields. */
function personOf(state: Json): string | null {
  const parts = [state.lastName, state.firstName, state.middleName].filter(
    (part): part is string => typeof part === 'string' && part.length > 0,
  );
  return parts.length > 0 ? parts.join(' ') : null;
}

/**
 * The changed thing's name where its recorded state has one (a promotion's, a segment's, a
 * customer's full name, a merge's surviving customer), in the operator's language; else null.
 */
export function entityNameOf(entry: Audited, language: Language): string | null {
  for (const state of [entry.after, entry.before]) {
    if (!isRecord(state)) continue;
    const { name } = state;
    if (typeof name === 'string' && name.trim()) return name;
    if (isLocalized(name)) return name[language];
    if (isRecord(state.definition) && typeof state.definition.name === 'string') {
      return state.definition.name;
    }
    const person = personOf(isRecord(state.survivor) ? state.survivor : state);
    if (person) return person;
  }
  return null;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id as it may be shown: a UUID by its first eight characters, anything else whole. */
export function shortId(id: string): string {
  return uuid.test(id) ? `${id.slice(0, 8)}…` : id;
}

/** How a changed number reads: money (kopecks), a percentage (basis points) or a plain number. */
export type ValueUnit = 'money' | 'percent' | 'number';

// Maps keyed by data (a tier's id): their keys are no field names, and their values' unit is the
// map's (`accrualRateBpByTier › gold` is basis points).
const isDataMap = (key: string | undefined) => key?.endsWith('ByTier') ?? false;

/** The key that names what a change's value is: its own, or its map's for a value in a data map. */
function namingKey(change: Change): string {
  const parent = change.path.at(-2);
  return parent && isDataMap(parent) ? parent.replace(/ByTier$/, '') : change.key;
}

/**
 * The unit of a changed number: '…Minor' is kopecks, '…Bp' basis points, and a tier programme's
 * threshold is kopecks when the programme counts money spent.
 */
export function unitOf(entry: Audited, change: Change): ValueUnit {
  const key = namingKey(change);
  if (key.endsWith('Minor')) return 'money';
  if (key.endsWith('Bp')) return 'percent';
  if (entry.entityType === 'tier_program' && key === 'threshold') {
    const program = [entry.after, entry.before].find(isRecord);
    if (program?.metric === 'spent_minor') return 'money';
  }
  return 'number';
}

/**
 * A change's field as people read it ('Уровни › 2 › Порог'): each key by its label (`label` answers
 * the label of `parent/key` or of `key`, or undefined), rows and a data map's keys as they are;
 * null when a key has no label (the API's path is shown then, so no field reads half translated).
 */
export function fieldLabel(
  change: Change,
  label: (key: string) => string | undefined,
): string | null {
  const parts: string[] = [];
  for (const [i, key] of change.path.entries()) {
    const parent = change.path.slice(0, i).findLast((part) => !/^\d+$/.test(part));
    if (/^\d+$/.test(key) || isDataMap(parent)) {
      parts.push(key);
      continue;
    }
    const named = (parent && label(`${parent}/${key}`)) || label(key);
    if (!named) return null;
    // A kind labelled as its object (a mechanic's kind is the mechanic) says it once.
    if (named !== parts.at(-1)) parts.push(named);
  }
  return parts.join(' › ');
}
