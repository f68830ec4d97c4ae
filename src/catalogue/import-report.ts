/** A data row of an imported file that was not stored, and why. */
export interface RejectedRow {
  /** Line of the file the row starts on; the header is line 1. */
  line: number;
  reason: string;
  /** The row's fields as read, so the rejected file can be corrected and imported again. */
  values: string[];
}

export interface ImportReport {
  /** Header of the imported file. */
  header: string[];
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

/** Rejected rows as CSV: `line,reason` and then the file's own columns. */
export function rejectedRowsCsv(report: ImportReport): string {
  const lines = [['line', 'reason', ...report.header]];
  for (const row of report.rejected) lines.push([String(row.line), row.reason, ...row.values]);
  return lines.map((fields) => `${fields.map(csvField).join(',')}\n`).join('');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
