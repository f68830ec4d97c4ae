import type { TLocalizedValidationError } from 'typebox/error';

/** One thing wrong with a settings document; `path` is a JSON pointer to the field at fault. */
export interface SettingsProblem {
  path: string;
  code: string;
  message: string;
}

const codeByKeyword: Record<string, string> = {
  type: 'invalid_type',
  minimum: 'out_of_range',
  maximum: 'out_of_range',
  exclusiveMinimum: 'out_of_range',
  exclusiveMaximum: 'out_of_range',
  anyOf: 'invalid_value',
  const: 'invalid_value',
  enum: 'invalid_value',
  pattern: 'invalid_format',
  format: 'invalid_format',
  minLength: 'invalid_format',
  maxLength: 'invalid_format',
};

/**
 * Turns TypeBox's raw errors into one problem per fault. A union reports each failed variant
 * separately; a user wants either the errors inside the variant the value evidently meant (it had
 * that variant's type but a bad field) or a single "must be one of …" listing the alternatives.
 */
export function schemaProblems(errors: readonly TLocalizedValidationError[]): SettingsProblem[] {
  const unions = errors.filter((error) => error.keyword === 'anyOf');
  const alternatives = new Set(unions.flatMap((union) => alternativesOf(union, errors)));
  const problems: SettingsProblem[] = [];
  for (const error of errors) {
    if (alternatives.has(error)) continue;
    if (error.keyword === 'additionalProperties') continue; // also reported per field as `boolean`
    if (error.keyword === 'anyOf') {
      const inVariant = errors.some(
        (other) => isInsideVariant(other, error) && !alternatives.has(other),
      );
      if (!inVariant) problems.push(unionProblem(error, alternativesOf(error, errors)));
      continue;
    }
    problems.push(...leafProblems(error));
  }
  return problems;
}

function isInsideVariant(error: TLocalizedValidationError, union: TLocalizedValidationError) {
  return error.schemaPath.startsWith(`${union.schemaPath}/anyOf/`);
}

/** A union's variants that failed on the value's type or constant: the value is not that kind. */
function alternativesOf(
  union: TLocalizedValidationError,
  errors: readonly TLocalizedValidationError[],
): TLocalizedValidationError[] {
  return errors.filter(
    (error) =>
      error.instancePath === union.instancePath &&
      isInsideVariant(error, union) &&
      (error.keyword === 'type' || error.keyword === 'const'),
  );
}

function unionProblem(
  union: TLocalizedValidationError,
  alternatives: readonly TLocalizedValidationError[],
): SettingsProblem {
  const names = alternatives.map((error) =>
    'allowedValue' in error.params
      ? JSON.stringify(error.params.allowedValue)
      : 'type' in error.params
        ? String(error.params.type)
        : error.message,
  );
  const message = `must be one of: ${[...new Set(names)].join(', ')}`;
  return { path: union.instancePath, code: 'invalid_value', message };
}

function leafProblems(error: TLocalizedValidationError): SettingsProblem[] {
  if (error.keyword === 'boolean') {
    return [{ path: error.instancePath, code: 'unknown_field', message: 'is not a known setting' }];
  }
  if (error.keyword === 'required' && 'requiredProperties' in error.params) {
    return error.params.requiredProperties.map((name) => ({
      path: `${error.instancePath}/${name}`,
      code: 'required',
      message: 'is required',
    }));
  }
  const code = codeByKeyword[error.keyword] ?? 'invalid';
  return [{ path: error.instancePath, code, message: error.message }];
}
