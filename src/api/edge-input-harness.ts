import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { ExampleRequest } from './edge-input-world.ts';
import type { TestServer } from './test-server.ts';

// The harness of the edge-input property test: the app's routes, the places of a request a
// mutation may hit, the extreme values, and a log of committed writes.

/** As much of a JSON schema as the harness reads. */
interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  format?: string;
}
interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
type Container = Record<string | number, unknown>;
export interface Route {
  key: string;
  method: string;
  path: string;
  params: string[];
  query: string[];
  bodySchema: JsonSchema | undefined;
}
export type Slot =
  | { kind: 'body'; pointer: (string | number)[] }
  | { kind: 'param' | 'query'; name: string }
  | { kind: 'csv' };

const big = 'x'.repeat(100_000);
const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
/** Raw JSON text put in place of one value. */
export const jsonValues = [
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '9007199254740994',
  '1000000000000000',
  '1e308',
  '-1e308',
  '1e400',
  '-0',
  '-1',
  '0.5',
  '"NaN"',
  '"-0"',
  '"1e308"',
  JSON.stringify('\u0000'),
  JSON.stringify('a\u0000b'),
  '"\\ud800"',
  '"x\\udfff"',
  JSON.stringify(big),
  deep,
  '{"\\u0000":1}',
];
/** Raw, already percent-encoded text put in place of a path or query parameter. */
export const urlValues = [
  '9007199254740993',
  '1e308',
  '-0',
  '-1',
  'NaN',
  '%00',
  'a%00b',
  '%ED%A0%80',
  big,
];
export const csvValues = [
  'kind,value\ncard,EDGE\u0000-1\n',
  '\u0000',
  `card,${big}\n`,
  'card,\ud800\n',
];

/** Every route of the app, read from its OpenAPI document (built from the routes as registered). */
export function routesOf(app: TestServer['app']): Route[] {
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => {
      const parameters = op.parameters ?? [];
      const names = (where: string) => parameters.filter((p) => p.in === where).map((p) => p.name);
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: names('path'),
        query: names('query'),
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
      };
    }),
  );
}

/** A value that satisfies a JSON schema well enough to pass it (for routes with no example). */
function fromSchema(schema: JsonSchema | undefined, uuid: string): unknown {
  if (schema === undefined) return {};
  const first = schema.anyOf ?? schema.oneOf;
  if (first) return fromSchema(first[0], uuid);
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  switch (Array.isArray(schema.type) ? schema.type[0] : schema.type) {
    case 'object':
      return Object.fromEntries(
        ((schema.required ?? []) as string[]).map((name) => [
          name,
          fromSchema(schema.properties?.[name], uuid),
        ]),
      );
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => fromSchema(schema.items, uuid));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'uuid') return uuid;
      return 'x';
  }
}

/**
 * The route's example, or one derived from its schemas (path parameters `x`, the body's required
 * fields, `uuid` for every uuid) for a route that has none yet.
 */
export function exampleOf(
  route: Route,
  examples: Record<string, ExampleRequest>,
  uuid: string,
): ExampleRequest {
  const example = examples[route.key];
  if (example) return example;
  const params = Object.fromEntries(route.params.map((name) => [name, 'x']));
  const body = route.bodySchema === undefined ? undefined : fromSchema(route.bodySchema, uuid);
  return { params, ...(body === undefined ? {} : { body }) };
}

/** Every place of a request one mutation may hit: each node of the body, each parameter. */
export function slotsOf(route: Route, example: ExampleRequest): Slot[] {
  const slots: Slot[] = [
    ...route.params.map((name) => ({ kind: 'param' as const, name })),
    ...route.query.map((name) => ({ kind: 'query' as const, name })),
  ];
  if (example.csv !== undefined) slots.push({ kind: 'csv' });
  const walk = (value: unknown, pointer: (string | number)[]) => {
    slots.push({ kind: 'body', pointer });
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      walk(child, [...pointer, Array.isArray(value) ? Number(key) : key]);
    }
  };
  if (example.body !== undefined) walk(example.body, []);
  return slots;
}

export const valuesOf = (slot: Slot) =>
  slot.kind === 'body' ? jsonValues : slot.kind === 'csv' ? csvValues : urlValues;

const placeholder = '@@edge-mutation@@';

/** The request as sent: one slot replaced by a raw value, everything else as in the example. */
export function render(route: Route, example: ExampleRequest, slot: Slot | null, raw: string) {
  const param = (name: string) =>
    slot?.kind === 'param' && slot.name === name
      ? raw
      : encodeURIComponent(example.params?.[name] ?? 'x');
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => param(name));
  const query = Object.entries(example.query ?? {})
    .filter(([name]) => !(slot?.kind === 'query' && slot.name === name))
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  if (slot?.kind === 'query') query.push(`${slot.name}=${raw}`);
  const url = query.length > 0 ? `${path}?${query.join('&')}` : path;
  if (example.csv !== undefined) {
    return { url, body: slot?.kind === 'csv' ? raw : example.csv, type: 'text/csv' };
  }
  if (example.body === undefined && slot?.kind !== 'body') return { url };
  if (slot?.kind !== 'body') return { url, body: JSON.stringify(example.body), type: 'json' };
  if (slot.pointer.length === 0) return { url, body: raw, type: 'json' };
  const copy = structuredClone(example.body) as Container;
  let parent = copy;
  for (const key of slot.pointer.slice(0, -1)) parent = parent[key] as Container;
  parent[slot.pointer.at(-1) as string | number] = placeholder;
  return { url, body: JSON.stringify(copy).replace(`"${placeholder}"`, () => raw), type: 'json' };
}

export async function send(server: TestServer, method: string, request: ReturnType<typeof render>) {
  const headers: Record<string, string> = { authorization: `Bearer ${server.keys.admin}` };
  if (request.type === 'json') headers['content-type'] = 'application/json';
  if (request.type === 'text/csv') headers['content-type'] = 'text/csv';
  const response = await fetch(server.baseUrl + request.url, {
    method,
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Counts committed row writes: a row trigger on every table logs each insert, update and delete,
 * and the log rolls back with the write it records, so a refused call must leave it as it was.
 */
export async function recordWrites(db: Db): Promise<void> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
      -- The answers counted per key (alerts/call-counter.ts), refused ones included: written by
      -- the node every few seconds whatever a call did, which is what they are for. The same
      -- for the integration log, which keeps refused calls too.
      and table_name not in ('api_call_counts', 'integration_log')`.execute(db);
  await sql`create table edge_writes (
    id bigint generated always as identity primary key, table_name text not null)`.execute(db);
  await sql`create function edge_record_write() returns trigger language plpgsql as $$
    begin insert into edge_writes (table_name) values (TG_TABLE_NAME); return null; end $$`.execute(
    db,
  );
  for (const { name } of tables.rows) {
    await sql`create trigger edge_record_write after insert or update or delete on ${sql.table(name)}
      for each row execute function edge_record_write()`.execute(db);
  }
}

/** The last committed write, and the tables written since `after`. */
export async function writesSince(
  db: Db,
  after: number,
): Promise<{ last: number; tables: string[] }> {
  const rows = await sql<{ id: number; table_name: string }>`
    select id, table_name from edge_writes where id > ${after} order by id`.execute(db);
  return {
    last: rows.rows.at(-1)?.id ?? after,
    tables: [...new Set(rows.rows.map((row) => row.table_name))],
  };
}
