import type { Readable } from 'node:stream';
import type { RejectedRow } from '../catalogue/import-report.ts';
import type { CsvEncoding } from '../csv/csv-encoding.ts';
import { type CsvFormat, type CsvRecord, openCsvImport } from '../csv/csv-records.ts';
import { type CustomerHeader, parseCustomerHeader, parseCustomerRow } from './customer-csv-row.ts';
import type { CustomerImportWriter } from './customer-import-writer.ts';
import { maxImportRowsPerCall } from './import-customers.ts';
import type { ImportConflict } from './import-report.ts';
import type { CustomerImportRow } from './import-row.ts';

export interface CustomerCsvReport {
  header: string[];
  format: CsvFormat;
  dryRun: boolean;
  /** Data rows read. */
  rows: number;
  customers: number;
  created: number;
  alreadyThere: number;
  openingPoints: number;
  rejected: RejectedRow[];
}

export interface CustomerCsvOptions {
  system: string;
  dryRun: boolean;
  encoding?: CsvEncoding;
  onProgress?: (progress: { bytesRead: number; rows: number }) => void;
}

/** A customer of the file: its rows (the first with the profile, further ones with more lots). */
interface PendingCustomer {
  externalId: string;
  records: CsvRecord[];
  row: CustomerImportRow;
  /** Line of each lot, by its index in `row.balance`. */
  lotLines: number[];
  faults: Map<number, string>;
}

/**
 * Imports a customers CSV (see `customerColumns`), streaming, in calls of up to 10 000 customers.
 * Consecutive rows with one external_id are one customer: the first holds the profile, each
 * row's points/valid_until/activates_on one lot. Each call is first a dry run: customers with a
 * conflict are rejected whole, every row listed with its line, and (unless `dryRun`) the rest is
 * imported. A re-run counts what was imported as already there. Throws for a bad header
 * (`bad_header`), a `CsvSyntaxError`, an unreadable input, or a refusal of the writer that is not
 * about rows (e.g. a bad system name).
 */
export async function importCustomersCsv(
  writer: CustomerImportWriter,
  input: Readable,
  options: CustomerCsvOptions,
): Promise<CustomerCsvReport> {
  const csv = await openCsvImport(input, options.encoding);
  const { records, header: headerValues } = csv;
  const header = parseCustomerHeader(headerValues);
  const report: CustomerCsvReport = {
    header: headerValues,
    format: csv.format(),
    dryRun: options.dryRun,
    rows: 0,
    customers: 0,
    created: 0,
    alreadyThere: 0,
    openingPoints: 0,
    rejected: [],
  };
  let chunk: PendingCustomer[] = [];
  let pending: PendingCustomer | null = null;
  const close = async (customer: PendingCustomer) => {
    report.customers++;
    if (customer.faults.size > 0) return reject(report, customer);
    chunk.push(customer);
    if (chunk.length >= maxImportRowsPerCall) {
      await storeChunk(writer, chunk, options, report);
      chunk = [];
    }
  };
  for await (const record of records) {
    report.rows++;
    const further = pending !== null && pending.externalId === externalIdOf(header, record);
    const parsed = parseCustomerRow(header, record.values, further);
    if (!further) {
      if (pending) await close(pending);
      pending = {
        externalId: parsed.externalId,
        records: [],
        row: parsed.ok ? parsed.row : { externalId: parsed.externalId },
        lotLines: [],
        faults: new Map(),
      };
    }
    const customer = pending as PendingCustomer;
    customer.records.push(record);
    if (!parsed.ok) customer.faults.set(record.line, parsed.reason);
    else if (parsed.lot) {
      customer.row.balance = [...(customer.row.balance ?? []), parsed.lot];
      customer.lotLines.push(record.line);
    }
    options.onProgress?.({ bytesRead: csv.bytesRead(), rows: report.rows });
  }
  if (pending) await close(pending);
  if (chunk.length > 0) await storeChunk(writer, chunk, options, report);
  report.format = csv.format();
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

function externalIdOf(header: CustomerHeader, record: CsvRecord): string {
  return (record.values[header.columns.external_id ?? 0] ?? '').trim();
}

/** Dry run of the chunk; customers with conflicts are rejected, the rest (for real) imported. */
async function storeChunk(
  writer: CustomerImportWriter,
  chunk: readonly PendingCustomer[],
  options: CustomerCsvOptions,
  report: CustomerCsvReport,
): Promise<void> {
  const checked = await writer.importCustomers(
    options.system,
    chunk.map((c) => c.row),
    true,
  );
  const refused = new Set<PendingCustomer>();
  for (const conflict of checked.conflicts) {
    const customer = chunk[conflict.row] as PendingCustomer;
    const line = lineOf(customer, conflict);
    const reason = describe(customer, conflict, chunk);
    const known = customer.faults.get(line);
    customer.faults.set(line, known ? `${known}; ${reason}` : reason);
    refused.add(customer);
  }
  for (const customer of refused) reject(report, customer);
  const clean = chunk.filter((c) => !refused.has(c));
  if (options.dryRun || clean.length === 0) {
    report.created += checked.created;
    report.alreadyThere += checked.alreadyThere;
    report.openingPoints += checked.openingPoints;
    return;
  }
  const done = await writer.importCustomers(
    options.system,
    clean.map((c) => c.row),
    false,
  );
  report.created += done.created;
  report.alreadyThere += done.alreadyThere;
  report.openingPoints += done.openingPoints;
}

/** The line a conflict is on: a lot's own line, else the customer's first. */
function lineOf(customer: PendingCustomer, conflict: ImportConflict): number {
  const lot = /^\/balance\/(\d+)/.exec(conflict.field);
  const first = customer.records[0]?.line ?? 0;
  return lot ? (customer.lotLines[Number(lot[1])] ?? first) : first;
}

const columnOfField: Record<string, string> = {
  externalId: 'external_id',
  firstName: 'first_name',
  lastName: 'last_name',
  middleName: 'middle_name',
  birthDate: 'birth_date',
  tierId: 'tier',
  validUntil: 'valid_until',
  activatesOn: 'activates_on',
  points: 'points',
  balance: 'points',
};

/** `phone: also in line 7 (duplicate_identifier)`: the column, the message, the code. */
function describe(
  customer: PendingCustomer,
  conflict: ImportConflict,
  chunk: readonly PendingCustomer[],
): string {
  const parts = conflict.field.split('/').filter((p) => p !== '');
  let column = columnOfField[parts.at(-1) ?? ''] ?? parts.at(-1) ?? '';
  if (parts[0] === 'identifiers') {
    column = customer.row.identifiers?.[Number(parts[1])]?.kind ?? 'identifiers';
  } else if (parts[0] === 'customFields') column = `field:${parts[1]}`;
  else if (parts[0] === 'consents') column = `consent_${parts[1]}`;
  const other =
    conflict.otherRow === undefined ? undefined : chunk[conflict.otherRow]?.records[0]?.line;
  const message = other === undefined ? conflict.message : `the same as line ${other}`;
  return `${column}: ${message} (${conflict.code})`;
}

function reject(report: CustomerCsvReport, customer: PendingCustomer): void {
  const faulty = [...customer.faults.keys()].sort((a, b) => a - b);
  for (const record of customer.records) {
    const fault = customer.faults.get(record.line);
    report.rejected.push({
      line: record.line,
      reason: fault ?? `customer ${customer.externalId} is rejected for line ${faulty.join(', ')}`,
      values: record.values,
    });
  }
}
