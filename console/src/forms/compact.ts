/**
 * A form's values without what it leaves empty (a cleared number is null; the API wants such a
 * field absent), so that the server judges what the operator sees.
 */
export function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null && field !== undefined && field !== '')
      .map(([key, field]) => [key, withoutEmpty(field)]),
  );
}
