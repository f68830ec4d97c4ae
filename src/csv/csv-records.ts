import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { type CsvEncoding, CsvTextDecoder, type DetectedEncoding } from './csv-encoding.ts';
import { CsvSyntaxError } from './csv-syntax-error.ts';

export { CsvSyntaxError } from './csv-syntax-error.ts';

/** One record of a CSV file, with the file line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  values: string[];
}

/** How a file was written, so what is handed back (rejected rows) can be written the same way. */
export interface CsvFormat extends DetectedEncoding {
  delimiter: ',' | ';';
}

export interface CsvReadOptions {
  /** `auto` (default) tells UTF-8 from Windows-1251 by the bytes. */
  encoding?: CsvEncoding;
  /** Told how many bytes of the input were read so far (for a progress bar). */
  onBytes?: (bytesRead: number) => void;
  /** Told the file's format after its last record (the encoding may show late in the file). */
  onFormat?: (format: CsvFormat) => void;
}

/** A CSV file opened for an import: its header row, the records after it, what was read. */
export interface CsvImportInput {
  header: string[];
  records: AsyncGenerator<CsvRecord>;
  /** Bytes of the input read so far, for a progress bar. */
  bytesRead(): number;
  /** The file's format: final once every record has been read. */
  format(): CsvFormat;
}

/** Opens `input` with {@link readCsvRecords} for an import and reads its header row. */
export async function openCsvImport(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  encoding?: CsvEncoding,
): Promise<CsvImportInput> {
  let bytesRead = 0;
  let format: CsvFormat = { delimiter: ',', encoding: 'utf8', bom: false };
  const records = readCsvRecords(input, {
    ...(encoding ? { encoding } : {}),
    onBytes: (bytes) => {
      bytesRead = bytes;
    },
    onFormat: (told) => {
      format = told;
    },
  });
  const first = await records.next();
  return {
    header: first.done ? [] : first.value.values,
    records,
    bytesRead: () => bytesRead,
    format: () => format,
  };
}

/**
 * The one CSV reader of Perk. Streams the records of a file: comma or semicolon delimited (told
 * by the first line), UTF-8 with or without BOM or Windows-1251 (see `CsvTextDecoder`), LF, CRLF
 * or CR line ends. Blank lines and lines of empty fields only (`;;;`, as spreadsheets save
 * trailing rows) are skipped; fields are untrimmed. Throws `CsvSyntaxError`, or the input's own
 * error (e.g. a missing file).
 */
export async function* readCsvRecords(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvRecord> {
  let encoding: DetectedEncoding = { encoding: 'utf8', bom: false };
  const text = normalizedText(input, options.encoding ?? 'auto', options.onBytes, (detected) => {
    encoding = detected;
  });
  const head = await firstLine(text);
  const delimiter = detectDelimiter(head.line);
  // Lines are counted here, not by csv-parse's `info`: that copies an object per record and
  // took half the parsing time of a million-row file. Blank lines come as records, so every
  // line of the file belongs to one record.
  const parser = parse({ delimiter, relax_column_count: true });
  // Errors of any stage end the iteration below, so the rejection has nothing left to say.
  pipeline(Readable.from(head.text), parser).catch(() => {});
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const start = line;
      // Quoted fields may span several lines.
      line += 1 + record.reduce((n, value) => n + countNewlines(value), 0);
      if (record.every((value) => value === '')) continue;
      yield { line: start, values: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new CsvSyntaxError(Number(error.lines ?? 0), error.message);
    }
    throw error;
  } finally {
    // A reader that stops early (a bad header) closes the input too.
    parser.destroy();
  }
  options.onFormat?.({ ...encoding, delimiter });
}

/**
 * The delimiter of a file from its first line: a semicolon when it has more semicolons than
 * commas outside quotes (Excel in a Russian locale saves CSV that way), otherwise a comma.
 */
export function detectDelimiter(line: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Reads up to the end of the first line; hands back that line and all the text, unread. */
async function firstLine(
  text: AsyncGenerator<string>,
): Promise<{ line: string; text: AsyncIterable<string> }> {
  let start = '';
  for (;;) {
    const next = await text.next();
    if (!next.done) start += next.value;
    const end = start.indexOf('\n');
    if (end !== -1 || next.done) {
      return { line: end === -1 ? start : start.slice(0, end), text: prepend(start, text) };
    }
  }
}

async function* prepend(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  if (first !== '') yield first;
  yield* rest;
}

/**
 * Decoded text with every CRLF or lone CR turned into LF: csv-parse counts both characters of a
 * CRLF inside a quoted field as line breaks, which would skew its line numbers.
 */
async function* normalizedText(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  encoding: CsvEncoding,
  onBytes: ((bytesRead: number) => void) | undefined,
  onDetected: (detected: DetectedEncoding) => void,
): AsyncGenerator<string> {
  const decoder = new CsvTextDecoder(encoding, onDetected);
  let bytesRead = 0;
  let pendingCr = false;
  const convert = (text: string) => {
    let chunk = (pendingCr ? '\r' : '') + text;
    // A CR at the end may be the first half of a CRLF split between chunks.
    pendingCr = chunk.endsWith('\r');
    if (pendingCr) chunk = chunk.slice(0, -1);
    return chunk.replace(/\r\n?/g, '\n');
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    bytesRead += chunk.length;
    onBytes?.(bytesRead);
    const text = convert(decoder.write(chunk));
    if (text !== '') yield text;
  }
  const rest = convert(decoder.end());
  if (rest !== '' || pendingCr) yield pendingCr ? `${rest}\n` : rest;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
