import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';

/** One thing wrong with a definition: a JSON pointer, a stable code and an English message. */
export interface Problem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

const CODES: Readonly<Record<string, string>> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  type: 'invalid_type',
  format: 'invalid_format',
  pattern: 'invalid_format',
  minimum: 'out_of_range',
  maximum: 'out_of_range',
  minLength: 'invalid_length',
  maxLength: 'invalid_length',
  minItems: 'invalid_length',
  maxItems: 'invalid_length',
};

/** Schema problems of `value`, one per field at fault, paths prefixed with `prefix`. */
export function schemaProblems(schema: TSchema, value: unknown, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  for (const error of Value.Errors(schema, value)) {
    // A union reports each branch's failure and then its own; the branches are noise. A `false`
    // schema repeats an additionalProperties error.
    if (error.schemaPath.includes('/anyOf/') || error.keyword === 'boolean') continue;
    const code = CODES[error.keyword] ?? 'invalid_value';
    const base = `${prefix}${error.instancePath}`;
    if (error.keyword === 'required') {
      for (const name of error.params.requiredProperties) {
        problems.push({ path: `${base}/${name}`, code, message: `${name} is required` });
      }
    } else if (error.keyword === 'additionalProperties') {
      for (const name of error.params.additionalProperties) {
        problems.push({ path: `${base}/${name}`, code, message: `unknown field ${name}` });
      }
    } else {
      problems.push({ path: base === '' ? '/' : base, code, message: error.message });
    }
  }
  return problems;
}
