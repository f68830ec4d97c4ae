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

/** The JSON-schema keywords the walk reads; TypeBox schemas are plain JSON schema. */
interface SchemaNode {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, TSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: unknown;
  readonly patternProperties?: unknown;
  readonly items?: TSchema;
  readonly anyOf?: readonly TSchema[];
  readonly const?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Schema problems of `value`, one per field at fault, paths prefixed with `prefix`. Objects and
 * arrays are checked member by member, so every fault is named: TypeBox stops at 8 errors per
 * call. The walk follows the schema, never the value's own depth, so a value nested thousands
 * deep costs one problem, not the stack.
 */
export function schemaProblems(schema: TSchema, value: unknown, prefix = ''): Problem[] {
  // Most values checked are valid (every stored definition, when a ruleset compiles): one check
  // answers them, and only a value at fault is walked.
  if (Value.Check(schema, value)) return [];
  const problems: Problem[] = [];
  walk(schema, value, prefix, problems);
  return problems;
}

function walk(schema: TSchema, value: unknown, path: string, out: Problem[]): void {
  const node = schema as SchemaNode;
  if (node.type === 'object' && node.properties !== undefined && isRecord(value)) {
    walkObject(node, value, path, out);
  } else if (node.type === 'array' && node.items !== undefined && Array.isArray(value)) {
    // The array's own limits (item count) with its items left unchecked, then each item.
    leaf({ ...schema, items: {} } as TSchema, value, path, out);
    for (let i = 0; i < value.length; i += 1) walk(node.items, value[i], `${path}/${i}`, out);
  } else if (node.anyOf !== undefined && isRecord(value)) {
    // A union told apart by `kind` (a mechanic's price, reward or award): the branch of that kind
    // names its own faults; without one, the union answers as a whole.
    const branch = node.anyOf.find(
      (b) => ((b as SchemaNode).properties?.kind as SchemaNode | undefined)?.const === value.kind,
    );
    if (branch === undefined) leaf(schema, value, path, out);
    else walk(branch, value, path, out);
  } else {
    leaf(schema, value, path, out);
  }
}

function walkObject(
  node: SchemaNode,
  value: Record<string, unknown>,
  path: string,
  out: Problem[],
): void {
  const properties = node.properties ?? {};
  for (const name of node.required ?? []) {
    if (!(name in value)) {
      out.push({ path: `${path}/${name}`, code: 'required', message: `${name} is required` });
    }
  }
  if (node.additionalProperties === false && node.patternProperties === undefined) {
    for (const name of Object.keys(value)) {
      if (!(name in properties)) {
        out.push({
          path: `${path}/${name}`,
          code: 'unknown_field',
          message: `unknown field ${name}`,
        });
      }
    }
  }
  for (const [name, inner] of Object.entries(properties)) {
    if (name in value) walk(inner, value[name], `${path}/${name}`, out);
  }
}

/** A value checked as a whole by TypeBox (a scalar, a record, a union, a mismatched type). */
function leaf(schema: TSchema, value: unknown, path: string, out: Problem[]): void {
  for (const error of Value.Errors(schema, value)) {
    // A union reports each branch's failure and then its own; the branches are noise. A `false`
    // schema repeats an additionalProperties error.
    if (error.schemaPath.includes('/anyOf/') || error.keyword === 'boolean') continue;
    const code = CODES[error.keyword] ?? 'invalid_value';
    const base = `${path}${error.instancePath}`;
    if (error.keyword === 'required') {
      for (const name of error.params.requiredProperties) {
        out.push({ path: `${base}/${name}`, code, message: `${name} is required` });
      }
    } else if (error.keyword === 'additionalProperties') {
      for (const name of error.params.additionalProperties) {
        out.push({ path: `${base}/${name}`, code, message: `unknown field ${name}` });
      }
    } else {
      out.push({ path: base === '' ? '/' : base, code, message: error.message });
    }
  }
}
