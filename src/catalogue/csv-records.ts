import type { Readable } from 'node:stream';
import { pipeline, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, parse } from 'csv-parse';

/** One record of a CSV file, with the file line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  values: string[];
}

/** The file is not well-formed CSV from `line` on; no later record can be trusted. */
export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/**
 * Streams the records of a CSV file, blank lines skipped, fields untrimmed. `onBytes` is told
 * how many bytes of the input were read so far (for a progress bar). Throws `CsvSyntaxError`,
 * or the input's own error (e.g. a missing file).
 */
export async function* readCsvRecords(
  input: Readable,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<CsvRecord> {
  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true });
  // Errors of any stage end the iteration below, so the callback has nothing left to do.
  pipeline(input, lineEndingsToLf(onBytes), parser, () => {});
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      // csv-parse counts the line a record ends on; quoted fields may span several lines.
      const inner = record.reduce((n, value) => n + countNewlines(value), 0);
      yield { line: info.lines - inner, values: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new CsvSyntaxError(Number(error.lines ?? 0), error.message);
    }
    throw error;
  }
}

/**
 * csv-parse counts both characters of a CRLF inside a quoted field as line breaks, which skews
 * its line numbers, so every CRLF or lone CR becomes LF first. Also drops a UTF-8 byte order mark.
 */
function lineEndingsToLf(onBytes?: (bytesRead: number) => void): Transform {
  const decoder = new StringDecoder('utf8');
  let bytesRead = 0;
  let pendingCr = false;
  let first = true;
  const convert = (text: string) => {
    let chunk = (pendingCr ? '\r' : '') + text;
    if (first && chunk.length > 0) {
      chunk = chunk.replace(/^\uFEFF/, '');
      first = false;
    }
    // A CR at the end may be the first half of a CRLF split between chunks.
    pendingCr = chunk.endsWith('\r');
    if (pendingCr) chunk = chunk.slice(0, -1);
    return chunk.replace(/\r\n?/g, '\n');
  };
  return new Transform({
    transform(buffer: Buffer, _encoding, done) {
      bytesRead += buffer.length;
      onBytes?.(bytesRead);
      done(null, convert(decoder.write(buffer)));
    },
    flush(done) {
      const rest = convert(decoder.end());
      done(null, pendingCr ? `${rest}\n` : rest);
    },
  });
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
