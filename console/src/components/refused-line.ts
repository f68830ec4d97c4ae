import type { TFunction } from 'i18next';

/** A line of an uploaded CSV file the server refused, as its report lists it. */
export interface RefusedLine {
  /** Line of the file; the header is line 1. */
  line: number;
  /** Stable reason code, translated by the console. */
  code: string;
  /** The server's own words (English): the column and value at fault. */
  message: string;
  /** The file's columns at fault, as its header names them (where the server names them). */
  columns?: readonly string[];
}

/**
 * Why a line was refused, in the operator's language: the reason by its code (the server's words
 * for a code the console does not know yet), and the columns at fault by their header names.
 */
export function refusedLineText(refused: RefusedLine, reasons: string, t: TFunction): string {
  const reason = t(`${reasons}.${refused.code}`, { defaultValue: refused.message });
  const columns = refused.columns ?? [];
  if (columns.length === 0) return reason;
  return t('refusedLines.atColumns', {
    count: columns.length,
    reason,
    columns: columns.join(', '),
  });
}
