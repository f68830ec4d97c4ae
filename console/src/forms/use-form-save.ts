import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { namePath } from '../api/problem';
import { showServerErrors } from './server-errors';

/**
 * The one way a console form is sent: its own checks first (nothing is sent while a field is at
 * fault), then `submit` with the checked values (and what `save` was called with); a refusal's problems are put at the fields they
 * name (`fieldOf` maps a pointer the form shapes otherwise), and what no field shows becomes
 * `problem`, for an alert above the form. `submit` holds the call itself, with its revision
 * (If-Match) when the API asks for one.
 */
export function useFormSave<Values, Args extends unknown[] = []>(
  form: FormInstance<Values>,
  submit: (values: Values, ...args: Args) => Promise<void>,
  fieldOf: (pointer: string) => (string | number)[] | null = namePath,
) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async (...args: Args) => {
    setProblem(null);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    // What the server said last time goes: the fields' own rules have just passed, so any error
    // left is the server's, and this answer will say again what still holds.
    const fields: FormInstance = form;
    fields.setFields(
      fields
        .getFieldsError()
        .filter((field) => field.errors.length > 0)
        .map((field) => ({ name: field.name, errors: [] })),
    );
    setSaving(true);
    try {
      await submit(values, ...args);
    } catch (error) {
      setProblem(showServerErrors(form, error, t, fieldOf));
    } finally {
      setSaving(false);
    }
  };
  return { save, saving, problem };
}
