import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { fieldProblems, namePath, ProblemError } from '../api/problem';

/**
 * Puts each field problem of a refusal at the field it names (a JSON pointer into the body);
 * `fieldOf` moves a pointer to the field that shows it when the form shapes it otherwise.
 * Answers the text of what no field shows, or null when every problem found its field.
 */
export function showServerErrors(
  form: FormInstance,
  error: unknown,
  t: TFunction,
  fieldOf: (pointer: string) => (string | number)[] | null = namePath,
): string | null {
  if (!(error instanceof ProblemError)) return t('errors.network');
  const registered = new Set(form.getFieldsError().map((field) => JSON.stringify(field.name)));
  const { fields, unplaced } = placeTexts(
    fieldProblems(error.problem).map((problem) => ({
      field: problem.field,
      text: t(`problems.${problem.code}`, { defaultValue: problem.message }),
    })),
    registered,
    fieldOf,
  );
  form.setFields(fields.map(({ name, texts }) => ({ name, errors: texts })));
  if (fields.length === 0 && unplaced.length === 0) {
    return t(`problems.${error.problem.code}`, { defaultValue: error.problem.detail });
  }
  return unplaced.length > 0 ? unplaced.join('; ') : null;
}

/**
 * Sorts texts to the form fields their pointers name (through `fieldOf`, then the nearest
 * registered field), one entry per field; what no registered field shows is left apart.
 */
export function placeTexts(
  items: readonly { field: string; text: string }[],
  registered: ReadonlySet<string>,
  fieldOf: (pointer: string) => (string | number)[] | null,
): { fields: { name: (string | number)[]; texts: string[] }[]; unplaced: string[] } {
  const fields = new Map<string, { name: (string | number)[]; texts: string[] }>();
  const unplaced: string[] = [];
  for (const { field, text } of items) {
    const name = nearestField(fieldOf(field), registered);
    if (!name) {
      unplaced.push(text);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = fields.get(key) ?? { name, texts: [] };
    entry.texts.push(text);
    fields.set(key, entry);
  }
  return { fields: [...fields.values()], unplaced };
}

/** A problem deep inside a field drawn by one control (a product scope) shows at that control. */
export function nearestField(
  name: (string | number)[] | null,
  registered: ReadonlySet<string>,
): (string | number)[] | null {
  for (let length = name?.length ?? 0; name && length > 0; length--) {
    const prefix = name.slice(0, length);
    if (registered.has(JSON.stringify(prefix))) return prefix;
  }
  return null;
}

/**
 * For a form's onFieldsChange: a field the operator changes loses the server's word on it (a
 * field with no rules of its own would keep it until the next refusal).
 */
export function clearServerErrorsOnChange(form: FormInstance) {
  return (changed: { name: (string | number)[] | string | number; errors?: string[] }[]) => {
    const stale = changed.filter((field) => (field.errors?.length ?? 0) > 0);
    if (stale.length > 0) form.setFields(stale.map((field) => ({ name: field.name, errors: [] })));
  };
}
