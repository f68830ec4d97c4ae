import type { CsvEncoding } from '../csv/csv-encoding.ts';
import type { CsvFormat } from '../csv/csv-records.ts';

/** A data row of an imported file that was not stored, and why. */
export interface RejectedRow {
  /** Line of the file the row starts on; the header is line 1. */
  line: number;
  reason: string;
  /** The row's fields as read, so the rejected file can be corrected and imported again. */
  values: string[];
}

/** A rejected row of a catalogue file, with why as a stable code the console can translate. */
export interface CatalogueRejectedRow extends RejectedRow {
  /**
   * The first problem's code: `field_count`, `invalid_value`, `unknown_category`, `repeated_sku`,
   * `unknown_parent`, `duplicate_category`, `category_cycle`, or a code the writer refused with.
   */
  code: string;
}

export interface ImportReport {
  /** Header of the imported file. */
  header: string[];
  /** How the file was written; the rejected rows are written back the same way. */
  format: CsvFormat;
  /** Data rows read (rows of empty fields only are not counted). */
  rows: number;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: CatalogueRejectedRow[];
}

/** What a file's rejected rows are written back from (any CSV import's report). */
export interface RejectedRows {
  header: string[];
  format: CsvFormat;
  rejected: readonly RejectedRow[];
}

export interface ImportOptions {
  /** `auto` (default) tells UTF-8 from Windows-1251 by the bytes. */
  encoding?: CsvEncoding;
  /** Told, after each row, how far the import is (for a progress bar with a rate and an ETA). */
  onProgress?: (progress: { bytesRead: number; rows: number }) => void;
}

/**
 * Rejected rows as CSV text in the file's own delimiter: `line,reason` and then the file's own
 * columns (encode it with `encodeCsvText` to match the file's encoding).
 */
export function rejectedRowsCsv(report: RejectedRows): string {
  const { delimiter } = report.format;
  const lines = [['line', 'reason', ...report.header]];
  for (const row of report.rejected) lines.push([String(row.line), row.reason, ...row.values]);
  return lines
    .map((fields) => `${fields.map((f) => csvField(f, delimiter)).join(delimiter)}\n`)
    .join('');
}

function csvField(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value)
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}
