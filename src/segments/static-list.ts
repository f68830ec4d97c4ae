import { sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import type { CsvEncoding } from '../csv/csv-encoding.ts';
import { CsvSyntaxError, readCsvRecords } from '../csv/csv-records.ts';
import { normalizeIdentifier } from '../customers/identifiers.ts';
import { invalid } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { IdentifierKind } from '../store/schema.ts';
import { getSegment } from './segments.ts';

/** At most this many refused lines are listed in the report (all are counted). */
export const maxListedRejections = 1_000;

export interface UploadReport {
  rows: number;
  accepted: number;
  rejected: number;
  members: number;
  problems: Array<{ line: number; code: string; message: string }>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const kinds = new Set(['id', 'card', 'phone', 'email']);

interface Parsed {
  ids: Map<string, number>;
  identifiers: Map<string, { kind: IdentifierKind; value: string; line: number }>;
  rows: number;
  problems: UploadReport['problems'];
}

/**
 * Reads `kind,value` rows (an optional `kind,value` header; comma or semicolon, UTF-8 or
 * Windows-1251, see `readCsvRecords`), normalising each identifier. Malformed CSV is refused
 * (400 `invalid_csv`, with the line).
 */
async function parseCsv(csv: Buffer, encoding: CsvEncoding, defaultCountry: string) {
  const parsed: Parsed = { ids: new Map(), identifiers: new Map(), rows: 0, problems: [] };
  try {
    for await (const { line, values } of readCsvRecords([csv], { encoding })) {
      const [kindText = '', valueText = ''] = values.map((v) => v.trim());
      if (values.every((v) => v.trim() === '')) continue;
      if (line === 1 && kindText.toLowerCase() === 'kind' && valueText.toLowerCase() === 'value')
        continue;
      parsed.rows++;
      readRow(parsed, line, kindText.toLowerCase(), valueText, values.length, defaultCountry);
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw invalid('invalid_csv', `line ${error.line}: ${error.message}`, '/body', {
      line: error.line,
    });
  }
  return parsed;
}

function readRow(
  parsed: Parsed,
  line: number,
  kind: string,
  value: string,
  fields: number,
  defaultCountry: string,
): void {
  if (fields < 2 || !kinds.has(kind)) {
    parsed.problems.push({
      line,
      code: 'invalid_kind',
      message: 'must be id, card, phone or email, then a comma and the value',
    });
  } else if (kind === 'id') {
    if (uuidPattern.test(value)) parsed.ids.set(value.toLowerCase(), line);
    else parsed.problems.push({ line, code: 'invalid_id', message: 'is not a customer id (uuid)' });
  } else {
    const normal = normalizeIdentifier({ kind: kind as IdentifierKind, value }, defaultCountry);
    if (normal.ok)
      parsed.identifiers.set(`${kind} ${normal.identifier.value}`, {
        kind: kind as IdentifierKind,
        value: normal.identifier.value,
        line,
      });
    else parsed.problems.push({ line, code: normal.code, message: normal.message });
  }
}

/** Finds the customers named, following merges to the surviving profile. */
async function resolve(db: Db, parsed: Parsed): Promise<Set<string>> {
  const found = new Set<string>();
  const seen = new Set<number>();
  const byId = await db
    .selectFrom('customers')
    .select(['id', 'merged_into'])
    .where('id', '=', sql<string>`any(${[...parsed.ids.keys()]}::uuid[])`)
    .execute();
  for (const row of byId) {
    found.add(row.merged_into ?? row.id);
    seen.add(parsed.ids.get(row.id) ?? 0);
  }
  const wanted = [...parsed.identifiers.values()];
  const { rows } = await sql<{ kind: string; value: string; customer_id: string }>`
    SELECT i.kind, i.value, i.customer_id FROM customer_identifiers i
    JOIN unnest(${wanted.map((w) => w.kind)}::text[], ${wanted.map((w) => w.value)}::text[]) AS w (kind, value)
      ON i.kind = w.kind AND i.value = w.value AND i.system = ''`.execute(db);
  for (const row of rows) {
    found.add(row.customer_id);
    seen.add(parsed.identifiers.get(`${row.kind} ${row.value}`)?.line ?? 0);
  }
  for (const [id, line] of parsed.ids)
    if (!seen.has(line))
      parsed.problems.push({ line, code: 'customer_not_found', message: `no customer ${id}` });
  for (const w of wanted)
    if (!seen.has(w.line))
      parsed.problems.push({
        line: w.line,
        code: 'customer_not_found',
        message: `no customer with ${w.kind} ${w.value}`,
      });
  return found;
}

/**
 * Fills a static segment from a CSV file: one `kind,value` per line, kind `id`, `card`, `phone`
 * or `email`, values in any spelling (normalised as identifiers are); comma or semicolon, UTF-8
 * or Windows-1251 (`encoding`, detected by default). `replace` (default) makes the list exactly
 * the customers found; otherwise they are added. Lines refused or not found are reported by
 * line number and change nothing else. Audited `segment.members.upload`. Refusals:
 * `segment_not_found` (404), `not_a_static_segment` (400), `invalid_csv` (400).
 */
export async function uploadStaticList(
  db: Db,
  actor: Actor,
  segmentId: string,
  csv: Buffer | string,
  options: { replace: boolean; defaultCountry: string; encoding?: CsvEncoding },
): Promise<UploadReport> {
  const segment = await getSegment(db, segmentId);
  if (segment.kind !== 'static')
    throw invalid('not_a_static_segment', `Segment "${segmentId}" is rule-based`, '/id');
  const bytes = typeof csv === 'string' ? Buffer.from(csv) : csv;
  const parsed = await parseCsv(bytes, options.encoding ?? 'auto', options.defaultCountry);
  const customers = await resolve(db, parsed);
  await db.transaction().execute(async (trx) => {
    if (options.replace)
      await trx.deleteFrom('segment_members').where('segment_id', '=', segmentId).execute();
    await sql`
      INSERT INTO segment_members (segment_id, customer_id)
      SELECT ${segmentId}, c FROM unnest(${[...customers]}::uuid[]) AS c
      ON CONFLICT DO NOTHING`.execute(trx);
    const after = {
      rows: parsed.rows,
      customers: customers.size,
      rejected: parsed.problems.length,
      replace: options.replace,
    };
    await recordAudit(trx, actor, {
      action: 'segment.members.upload',
      entityType: 'segment',
      entityId: segmentId,
      after,
    });
  });
  parsed.problems.sort((a, b) => a.line - b.line);
  const { memberCount } = await getSegment(db, segmentId);
  return {
    rows: parsed.rows,
    accepted: parsed.rows - parsed.problems.length,
    rejected: parsed.problems.length,
    members: memberCount,
    problems: parsed.problems.slice(0, maxListedRejections),
  };
}
