import type { IdentifierInput } from '../customers/identifiers.ts';
import { invalid } from '../errors.ts';
import type { CustomerImportRow, OpeningLotInput } from './import-row.ts';

/** Columns of a customers CSV (besides `field:<key>[:number|:boolean]` for custom fields). */
export const customerColumns = [
  'external_id',
  'phone',
  'email',
  'card',
  'first_name',
  'last_name',
  'middle_name',
  'gender',
  'birth_date',
  'city',
  'consent_sms',
  'consent_email',
  'consent_push',
  'tier',
  'points',
  'valid_until',
  'activates_on',
] as const;
type Column = (typeof customerColumns)[number];

/** Where each column is, and the custom field columns with their type. */
export interface CustomerHeader {
  columns: Partial<Record<Column, number>>;
  fields: { key: string; type: 'text' | 'number' | 'boolean'; index: number }[];
}

const lotColumns: readonly Column[] = ['external_id', 'points', 'valid_until', 'activates_on'];
const fieldPattern = /^field:([a-z][a-zA-Z0-9_]{0,63})(?::(number|boolean))?$/;

/** Reads the header row; `bad_header` (400) for an unknown or repeated column or no external_id. */
export function parseCustomerHeader(values: readonly string[]): CustomerHeader {
  const header: CustomerHeader = { columns: {}, fields: [] };
  const seen = new Set<string>();
  values.forEach((raw, index) => {
    const name = raw.trim();
    const column = name.toLowerCase();
    if (seen.has(column)) throw invalid('bad_header', `column "${name}" appears twice`);
    seen.add(column);
    const field = fieldPattern.exec(name);
    if (field) {
      const type = (field[2] ?? 'text') as 'text' | 'number' | 'boolean';
      header.fields.push({ key: field[1] as string, type, index });
    } else if ((customerColumns as readonly string[]).includes(column)) {
      header.columns[column as Column] = index;
    } else {
      throw invalid(
        'bad_header',
        `unknown column "${name}"; expected ${customerColumns.join(', ')} or field:<key>`,
      );
    }
  });
  if (header.columns.external_id === undefined) {
    throw invalid('bad_header', 'the column "external_id" is required');
  }
  return header;
}

export type ParsedCustomerRow =
  | { ok: true; externalId: string; row: CustomerImportRow; lot: OpeningLotInput | null }
  | { ok: false; externalId: string; reason: string };

/**
 * Reads one CSV row into a customer (or, with `lotOnly`, a further lot of the customer above:
 * then only external_id and the lot's cells may be filled). Faults of the cells themselves
 * (not a number, not true/false) are answered as a reason naming every column; the rest is
 * checked by the import with everything else.
 */
export function parseCustomerRow(
  header: CustomerHeader,
  values: readonly string[],
  lotOnly: boolean,
): ParsedCustomerRow {
  const cell = (column: Column) => {
    const index = header.columns[column];
    return index === undefined ? '' : (values[index] ?? '').trim();
  };
  const externalId = cell('external_id');
  const faults: string[] = [];
  const lot = parseLot(cell('points'), cell('valid_until'), cell('activates_on'), faults);
  if (lotOnly) {
    const filled = customerColumns.filter((c) => !lotColumns.includes(c) && cell(c) !== '');
    const fields = header.fields.filter((f) => (values[f.index] ?? '').trim() !== '');
    if (filled.length > 0 || fields.length > 0) {
      faults.push(
        `${[...filled, ...fields.map((f) => `field:${f.key}`)].join(', ')}: a further row of customer ${externalId} holds only another lot (points, valid_until, activates_on)`,
      );
    }
  }
  const row: CustomerImportRow = { externalId, identifiers: identifiersOf(cell) };
  const text = (column: Column) => (cell(column) === '' ? undefined : cell(column));
  for (const [key, column] of [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
    ['middleName', 'middle_name'],
    ['city', 'city'],
  ] as const) {
    const value = text(column);
    if (value !== undefined) row[key] = value;
  }
  const gender = text('gender');
  if (gender === 'male' || gender === 'female') row.gender = gender;
  else if (gender !== undefined) faults.push('gender: must be male or female');
  const birthDate = text('birth_date');
  if (birthDate !== undefined) row.birthDate = isoDate(birthDate);
  const consents: Record<string, boolean> = {};
  for (const channel of ['sms', 'email', 'push'] as const) {
    const answer = yesNo(cell(`consent_${channel}`), `consent_${channel}`, faults);
    if (answer !== undefined) consents[channel] = answer;
  }
  if (Object.keys(consents).length > 0) row.consents = consents;
  const customFields = customFieldsOf(header, values, faults);
  if (Object.keys(customFields).length > 0) row.customFields = customFields;
  const tier = text('tier');
  if (tier !== undefined) row.tierId = tier;
  if (faults.length > 0) return { ok: false, externalId, reason: faults.join('; ') };
  return { ok: true, externalId, row, lot };
}

function identifiersOf(cell: (column: Column) => string): IdentifierInput[] {
  const identifiers: IdentifierInput[] = [];
  for (const kind of ['phone', 'email', 'card'] as const) {
    // Several cards of one customer are separated by |.
    const values = kind === 'card' ? cell(kind).split('|') : [cell(kind)];
    for (const value of values.map((v) => v.trim()).filter((v) => v !== '')) {
      identifiers.push({ kind, value });
    }
  }
  return identifiers;
}

function parseLot(
  points: string,
  validUntil: string,
  activatesOn: string,
  faults: string[],
): OpeningLotInput | null {
  if (points === '') {
    if (validUntil !== '' || activatesOn !== '') {
      faults.push('points: a lot with dates needs its points');
    }
    return null;
  }
  if (!/^-?\d{1,15}$/.test(points)) {
    faults.push('points: must be a whole number');
    return null;
  }
  const lot: OpeningLotInput = { points: Number(points) };
  // As in the API: `never` for points that never expire, empty for the programme's validity.
  if (validUntil.toLowerCase() === 'never') lot.validUntil = null;
  else if (validUntil !== '') lot.validUntil = isoDate(validUntil);
  if (activatesOn !== '') lot.activatesOn = isoDate(activatesOn);
  return lot;
}

/** `31.12.2030` (as a Russian spreadsheet writes it) → `2030-12-31`; anything else as it is. */
function isoDate(value: string): string {
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
  return dotted ? `${dotted[3]}-${dotted[2]}-${dotted[1]}` : value;
}

function yesNo(value: string, column: string, faults: string[]): boolean | undefined {
  const answer = value.toLowerCase();
  if (answer === '') return undefined;
  if (['true', '1', 'yes'].includes(answer)) return true;
  if (['false', '0', 'no'].includes(answer)) return false;
  faults.push(`${column}: must be true/false, 1/0 or yes/no`);
  return undefined;
}

function customFieldsOf(
  header: CustomerHeader,
  values: readonly string[],
  faults: string[],
): Record<string, string | number | boolean> {
  const fields: Record<string, string | number | boolean> = {};
  for (const { key, type, index } of header.fields) {
    const value = (values[index] ?? '').trim();
    if (value === '') continue;
    if (type === 'text') fields[key] = value;
    else if (type === 'boolean') {
      const answer = yesNo(value, `field:${key}:boolean`, faults);
      if (answer !== undefined) fields[key] = answer;
    } else if (/^-?\d+(\.\d+)?$/.test(value)) fields[key] = Number(value);
    else faults.push(`field:${key}:number: must be a number`);
  }
  return fields;
}
