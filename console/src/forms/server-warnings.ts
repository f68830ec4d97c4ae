import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { namePath } from '../api/problem';
import { placeTexts } from './server-errors';

/** A warning of a save or a read: saved, but worth a look (a JSON pointer, a stable code). */
export interface FieldWarning {
  field: string;
  code: string;
  message: string;
}

/** Where the warnings go: texts per form field, and the texts no field shows. */
export interface PlacedWarnings {
  fields: { name: (string | number)[]; warnings: string[] }[];
  unplaced: string[];
}

/**
 * A warning in the operator's language, naming what it is about: the value at its pointer in the
 * saved body (`No category «nope»`); the server's English text only for a code we have no words for.
 */
export function warningText(warning: FieldWarning, body: unknown, t: TFunction): string {
  const value = valueAt(body, namePath(warning.field));
  return t(`warnings.${warning.code}`, {
    defaultValue: warning.message,
    value: typeof value === 'string' || typeof value === 'number' ? value : '',
  });
}

/**
 * Sorts warnings to the fields they name (`fieldOf` maps a pointer the form shapes otherwise; a
 * pointer inside a control drawn as one, such as a product scope, goes to that control), for
 * `form.setFields`; what no registered field shows is left for an alert.
 */
export function placeWarnings(
  warnings: readonly FieldWarning[],
  body: unknown,
  t: TFunction,
  registered: ReadonlySet<string>,
  fieldOf: (pointer: string) => (string | number)[] | null = namePath,
): PlacedWarnings {
  const { fields, unplaced } = placeTexts(
    warnings.map((warning) => ({ field: warning.field, text: warningText(warning, body, t) })),
    registered,
    fieldOf,
  );
  return { fields: fields.map(({ name, texts }) => ({ name, warnings: texts })), unplaced };
}

/**
 * Shows warnings at their fields of `form` (yellow, under the control; a field's earlier warnings
 * go) and answers the texts no field shows.
 */
export function showServerWarnings(
  form: FormInstance,
  warnings: readonly FieldWarning[],
  body: unknown,
  t: TFunction,
  fieldOf?: (pointer: string) => (string | number)[] | null,
): string[] {
  const known = form.getFieldsError().map((field) => JSON.stringify(field.name));
  const placed = placeWarnings(warnings, body, t, new Set(known), fieldOf);
  const warned = new Set(placed.fields.map((field) => JSON.stringify(field.name)));
  form.setFields([
    ...form
      .getFieldsError()
      .filter((field) => field.warnings.length > 0 && !warned.has(JSON.stringify(field.name)))
      .map((field) => ({ name: field.name, warnings: [] })),
    ...placed.fields,
  ]);
  return placed.unplaced;
}

function valueAt(body: unknown, path: readonly (string | number)[]): unknown {
  let at = body;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}
