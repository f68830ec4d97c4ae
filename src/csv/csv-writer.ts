/** One value of a written CSV field: text as it is, numbers in plain digits, null as empty. */
export type CsvValue = string | number | boolean | null;

export interface CsvWriteOptions {
  /** `,` (default) or `;`, which Excel in a Russian locale expects. */
  delimiter?: ',' | ';';
  /** Begin with a UTF-8 byte order mark so Excel reads the file as UTF-8 (default true). */
  bom?: boolean;
}

/**
 * The one CSV writer of Perk (RFC 4180): a header and records, CRLF line ends, a field quoted
 * only when it holds the delimiter, a quote, a line break or leading/trailing spaces, its quotes
 * doubled. Answers the text; encode it as UTF-8 (the BOM, when asked, is its first character).
 */
export function writeCsv(
  header: readonly string[],
  records: Iterable<readonly CsvValue[]>,
  options: CsvWriteOptions = {},
): string {
  const delimiter = options.delimiter ?? ',';
  const line = (values: readonly CsvValue[]) =>
    `${values.map((value) => csvField(value, delimiter)).join(delimiter)}\r\n`;
  let text = (options.bom ?? true) ? '\uFEFF' : '';
  text += line(header);
  for (const record of records) text += line(record);
  return text;
}

/** One field as written between delimiters. */
export function csvField(value: CsvValue, delimiter: ',' | ';'): string {
  if (value === null) return '';
  const text = String(value);
  const quoted =
    text.includes(delimiter) || /["\r\n]/.test(text) || (text !== text.trim() && text.length > 0);
  return quoted ? `"${text.replaceAll('"', '""')}"` : text;
}
