import type { Readable } from 'node:stream';
import type { RejectedRow } from '../catalogue/import-report.ts';
import type { CsvEncoding } from '../csv/csv-encoding.ts';
import { type CsvFormat, type CsvRecord, openCsvImport } from '../csv/csv-records.ts';
import { PerkError } from '../errors.ts';
import type { OutlierReason } from './history-checks.ts';
import type { HistoryLineInput } from './history-line.ts';
import { columnOfField, parseHistoryHeader, parseHistoryRow } from './history-row.ts';
import type { HistoryBatch, HistoryWriteOptions, HistoryWriter } from './history-writer.ts';

/** Lines per write (one transaction, one API call); a check is never split between two. */
const chunkLines = 9000;

export interface HistoryCsvReport {
  header: string[];
  format: CsvFormat;
  /** Data rows read. */
  rows: number;
  checks: number;
  created: number;
  alreadyStored: number;
  /** Flagged as wholesale-sized: stored, left out of segments and tiers. */
  outliers: {
    line: number;
    checkId: string;
    paidMinor: number;
    quantityMilli: number;
    reasons: OutlierReason[];
  }[];
  /** With `accrue`: checks that accrued points, the points, and those of them expired at once. */
  accruedChecks: number;
  accruedPoints: number;
  expiredPoints: number;
  rejected: RejectedRow[];
}

export interface HistoryCsvOptions extends HistoryWriteOptions {
  encoding?: CsvEncoding;
  onProgress?: (progress: { bytesRead: number; rows: number }) => void;
}

interface PendingCheck {
  checkId: string;
  records: CsvRecord[];
  lines: HistoryLineInput[];
  /** Faults of its rows by line; a check with any is rejected whole. */
  faults: Map<number, string>;
}

/**
 * Imports a purchases CSV (one row per check line, see `historyColumns`), streaming. The rows of
 * one check must be consecutive; a check is stored whole or rejected whole, every row of it
 * listed with its line (the faulty ones with their faults, the others naming them). A check id
 * met again after other checks is rejected as a repeat. Stored in chunks of about 9 000 lines,
 * in order, one stored while the next is read and prepared, so a re-run of a fixed file stores
 * only what is new and counts the rest as already stored.
 * Throws for a bad header (`bad_header`), a `CsvSyntaxError`, or an unreadable input.
 */
export async function importHistoryCsv(
  writer: HistoryWriter,
  input: Readable,
  options: HistoryCsvOptions,
): Promise<HistoryCsvReport> {
  const csv = await openCsvImport(input, options.encoding);
  const { records, header: headerValues } = csv;
  const header = parseHistoryHeader(headerValues);
  const report: HistoryCsvReport = {
    header: headerValues,
    format: csv.format(),
    rows: 0,
    checks: 0,
    created: 0,
    alreadyStored: 0,
    outliers: [],
    accruedChecks: 0,
    accruedPoints: 0,
    expiredPoints: 0,
    rejected: [],
  };
  const firstLineOf = new Map<string, number>();
  let chunk: PendingCheck[] = [];
  let chunkSize = 0;
  let pending: PendingCheck | null = null;
  // One chunk is stored while the next is read and prepared: the database and the parser
  // work at once, and the database waits for neither.
  let writing: Promise<void> = Promise.resolve();
  const write = async (checks: PendingCheck[]) => {
    const prepared = prepareChunk(writer, checks, options);
    // Awaited when its turn to be stored comes; a failure meanwhile is not unhandled.
    prepared.catch(() => {});
    await writing;
    const next = storeChunk(writer, checks, prepared, options, report);
    // Awaited before the next write or at the end; a failure meanwhile is not unhandled.
    next.catch(() => {});
    writing = next;
  };
  const close = async (check: PendingCheck) => {
    report.checks++;
    if (check.faults.size > 0) return reject(report, check);
    chunk.push(check);
    chunkSize += check.lines.length;
    if (chunkSize >= chunkLines) {
      await write(chunk);
      chunk = [];
      chunkSize = 0;
    }
  };
  for await (const record of records) {
    report.rows++;
    const row = parseHistoryRow(header, record.values);
    const checkId = row.ok ? row.line.checkId : (record.values[header.check_id ?? 0] ?? '').trim();
    if (pending === null || pending.checkId !== checkId) {
      if (pending) await close(pending);
      pending = { checkId, records: [], lines: [], faults: new Map() };
      const seen = firstLineOf.get(checkId);
      if (seen !== undefined) {
        pending.faults.set(
          record.line,
          `check_id: check ${checkId} began at line ${seen}; the rows of a check must be consecutive`,
        );
      } else firstLineOf.set(checkId, record.line);
    }
    pending.records.push(record);
    if (row.ok) pending.lines.push(row.line);
    else pending.faults.set(record.line, row.reason);
    options.onProgress?.({ bytesRead: csv.bytesRead(), rows: report.rows });
  }
  if (pending) await close(pending);
  if (chunk.length > 0) await write(chunk);
  await writing;
  report.format = csv.format();
  report.rejected.sort((a, b) => a.line - b.line);
  report.outliers.sort((a, b) => a.line - b.line);
  return report;
}

function reject(report: HistoryCsvReport, check: PendingCheck): void {
  const faulty = [...check.faults.keys()].sort((a, b) => a - b);
  for (const record of check.records) {
    const fault = check.faults.get(record.line);
    report.rejected.push({
      line: record.line,
      reason: fault ?? `check ${check.checkId} is rejected for line ${faulty.join(', ')}`,
      values: record.values,
    });
  }
}

function prepareChunk(
  writer: HistoryWriter,
  checks: readonly PendingCheck[],
  options: HistoryWriteOptions,
): Promise<HistoryBatch> {
  return writer.prepare(
    checks.flatMap((c) => c.lines),
    { outliers: options.outliers, accrue: options.accrue },
  );
}

/**
 * Stores a chunk, `prepared` from its checks; checks the writer refuses are rejected whole and
 * the others prepared and sent again.
 */
async function storeChunk(
  writer: HistoryWriter,
  chunk: readonly PendingCheck[],
  prepared: Promise<HistoryBatch>,
  options: HistoryWriteOptions,
  report: HistoryCsvReport,
): Promise<void> {
  let checks = chunk;
  let batch = prepared;
  for (;;) {
    const owners = checks.flatMap((c) => c.records.map((record) => ({ check: c, record })));
    try {
      const summary = await (await batch).store();
      report.created += summary.created;
      report.alreadyStored += summary.alreadyStored;
      report.accruedChecks += summary.accruedChecks;
      report.accruedPoints += summary.accruedPoints;
      report.expiredPoints += summary.expiredPoints;
      for (const o of summary.outliers) {
        report.outliers.push({ ...o, line: owners[o.line]?.record.line ?? 0 });
      }
      return;
    } catch (error) {
      if (!(error instanceof PerkError) || error.problems.length === 0) throw error;
      const refused = new Set<PendingCheck>();
      for (const problem of error.problems) {
        const match = /^\/lines\/(\d+)\/([^/]+)/.exec(problem.field);
        const owner = match ? owners[Number(match[1])] : undefined;
        if (!match || !owner) throw error;
        const column = columnOfField[match[2] ?? ''] ?? match[2];
        const known = owner.check.faults.get(owner.record.line);
        const reason = `${column}: ${problem.message} (${problem.code})`;
        owner.check.faults.set(owner.record.line, known ? `${known}; ${reason}` : reason);
        refused.add(owner.check);
      }
      for (const check of refused) reject(report, check);
      checks = checks.filter((c) => !refused.has(c));
      if (checks.length === 0) return;
      batch = prepareChunk(writer, checks, options);
    }
  }
}
