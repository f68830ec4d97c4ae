import { isDeepStrictEqual } from 'node:util';

type Json = Record<string, unknown>;

/**
 * The keyword that names a schema among the OpenAPI components. A schema declared once and used
 * by several routes carries it (`Type.Object({...}, { [component]: 'CartLine' })`); validation
 * and serialisation ignore it, and the document shows the schema once, referred to by name.
 * A variant built with a spread (`{...Schema, description}`) keeps the name: it may add or change
 * annotations only; build a structural variant anew (`Type.Object({...Schema.properties})`).
 */
export const component = 'x-perk-component';

const componentsPrefix = '#/components/schemas/';

// What a use site may add to a named schema without being another schema.
const annotationKeys = new Set([
  'title',
  'description',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
const isAnnotation = (key: string) =>
  annotationKeys.has(key) || (key.startsWith('x-perk-') && key !== component);

function split(node: Json): { structure: Json; annotations: Json } {
  const structure: Json = {};
  const annotations: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === component) continue;
    (isAnnotation(key) ? annotations : structure)[key] = value;
  }
  return { structure, annotations };
}

/** Where a problem answer points: one shared response per status, all `application/problem+json`. */
const problemAnswers: Record<string, { name: string; description: string }> = {
  '400': {
    name: 'BadRequest',
    description: 'Bad input: `errors` lists every field at fault (JSON pointer, code, message)',
  },
  '401': { name: 'Unauthorized', description: 'No API key or session, or the key is revoked' },
  '403': {
    name: 'Forbidden',
    description: 'The key’s role or the operator’s permissions do not allow this call',
  },
  '404': { name: 'NotFound', description: 'What the path names does not exist' },
  '409': {
    name: 'Conflict',
    description:
      'Conflicts with what is stored, e.g. an idempotency key (transactionId, batchId, operationId) sent again with another body',
  },
  '412': {
    name: 'PreconditionFailed',
    description: 'If-Match names an older revision: someone else changed it since you read it',
  },
  '422': {
    name: 'UnprocessableEntity',
    description: 'Well-formed, but refused by a rule of the programme; `code` says which',
  },
  '429': {
    name: 'TooManyRequests',
    description: 'Too many attempts; try again after Retry-After seconds',
  },
};

/**
 * The OpenAPI document with every schema named by `x-perk-component` emitted once under
 * `components.schemas` and referred to wherever it appears, and every problem answer referring to
 * one shared response (`components.responses`) whose body is the `Problem` schema. The routes'
 * own schemas stay untouched.
 *
 * The component's annotations are those of its plainest use (fewest annotations: use sites only
 * add them); a use with other annotations refers to it through `allOf` beside its own. Two uses
 * of one name that differ in structure are a programming error, and the document refuses to build.
 */
export function withComponents<T extends object>(document: T): T {
  const plainest = new Map<string, Json>();
  collect(document, plainest);

  const named: Json = {};
  const structures = new Map<string, Json>();
  const walk = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}/${i}`));
    if (node === null || typeof node !== 'object') return node;
    const { [component]: name, ...rest } = node as Json;
    const copy = Object.fromEntries(
      Object.entries(rest).map(([key, value]) => [key, walk(value, `${at}/${key}`)]),
    );
    if (typeof name !== 'string') return copy;
    const canonical = canonicalOf(name);
    const { structure, annotations } = split(copy);
    if (!isDeepStrictEqual(structure, canonical.structure)) {
      throw new Error(
        `The schema named ${name} has another structure at ${at}: a variant must not carry ` +
          `${component}; build it with Type.Object({...${name}Schema.properties, …})`,
      );
    }
    const ref = { $ref: `${componentsPrefix}${name}` };
    if (isDeepStrictEqual(annotations, canonical.annotations)) return ref;
    return { allOf: [ref], ...annotations };
  };
  const canonicalOf = (name: string) => {
    const known = structures.get(name);
    if (known) return split(known);
    const source = plainest.get(name) as Json;
    const { [component]: _, ...rest } = source;
    const walked = walk(rest, `${componentsPrefix}${name}`) as Json;
    structures.set(name, walked);
    named[name] = walked;
    return split(walked);
  };

  const result = walk(document, '#') as Json & { components?: Json; paths?: Json };
  const components = result.components ?? {};
  const responses = problemResponseComponents(result.paths ?? {});
  return {
    ...result,
    components: {
      ...components,
      schemas: { ...(components.schemas as Json), ...sorted(named) },
      responses: { ...(components.responses as Json), ...responses },
    },
  } as T;
}

/** For each name, its use with the fewest annotations; the first such one in document order. */
function collect(node: unknown, plainest: Map<string, Json>): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, plainest);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const name = (node as Json)[component];
  if (typeof name === 'string') {
    const count = (n: Json) => Object.keys(split(n).annotations).length;
    const known = plainest.get(name);
    if (!known || count(node as Json) < count(known)) plainest.set(name, node as Json);
  }
  for (const value of Object.values(node)) collect(value, plainest);
}

/**
 * Replaces each operation's problem answers by a reference to the shared one of its status. Every
 * call but the public ones passes the key check first, so each of them may answer 401 and 403.
 */
function problemResponseComponents(paths: Json): Json {
  const used: Json = {};
  const refer = (status: string) => {
    const shared = problemAnswers[status] as { name: string; description: string };
    used[shared.name] = {
      description: shared.description,
      content: {
        'application/problem+json': { schema: { $ref: `${componentsPrefix}Problem` } },
      },
    };
    return { $ref: `#/components/responses/${shared.name}` };
  };
  for (const item of Object.values(paths) as Json[]) {
    for (const operation of Object.values(item) as Json[]) {
      const responses = { ...(operation.responses as Json | undefined) };
      for (const [status, answer] of Object.entries(responses)) {
        if (problemAnswers[status] && isProblemAnswer(answer)) responses[status] = refer(status);
      }
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      if (!isPublic) for (const status of ['401', '403']) responses[status] ??= refer(status);
      operation.responses = sorted(responses);
    }
  }
  return sorted(used);
}

function isProblemAnswer(answer: unknown): boolean {
  const content = (answer as { content?: Json }).content ?? {};
  const media = Object.values(content) as { schema?: Json }[];
  return media.length > 0 && media.every((m) => m.schema?.$ref === `${componentsPrefix}Problem`);
}

function sorted(record: Json): Json {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
