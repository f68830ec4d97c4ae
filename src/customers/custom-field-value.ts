import { isCalendarDate } from '../calendar/day-number.ts';
import type { CustomFieldType } from '../store/schema.ts';

/** A custom field's value as JSON carries it; a `date` is a `YYYY-MM-DD` string. */
export type CustomFieldValue = string | number | boolean;

const maxStringLength = 1000;

/** Why `value` does not fit a field of `type`, or null when it fits. */
export function customFieldProblem(type: CustomFieldType, value: unknown): string | null {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.length <= maxStringLength
        ? null
        : `must be a string of at most ${maxStringLength} characters`;
    case 'integer':
      return Number.isSafeInteger(value) ? null : 'must be an integer';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value)
        ? null
        : 'must be a real date YYYY-MM-DD';
  }
}
