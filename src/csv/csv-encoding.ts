import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { invalid } from '../errors.ts';
import { CsvSyntaxError } from './csv-syntax-error.ts';

/** How the bytes of a CSV file are read: `auto` tells UTF-8 from Windows-1251 by the bytes. */
export type CsvEncoding = 'auto' | 'utf8' | 'win1251';
export const csvEncodings: readonly CsvEncoding[] = ['auto', 'utf8', 'win1251'];

/** The encoding a file was read in, and whether it began with a UTF-8 byte order mark. */
export interface DetectedEncoding {
  encoding: 'utf8' | 'win1251';
  bom: boolean;
}

const charsets: Record<string, CsvEncoding> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'us-ascii': 'utf8',
  'windows-1251': 'win1251',
  'x-cp1251': 'win1251',
  cp1251: 'win1251',
  win1251: 'win1251',
};

/**
 * The encoding named by the `charset` parameter of an HTTP content type; `auto` without one.
 * Refuses other charsets (400 `unsupported_charset`, field `Content-Type`).
 */
export function csvEncodingOfContentType(contentType: string | undefined): CsvEncoding {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
  if (charset === undefined) return 'auto';
  const encoding = charsets[charset.toLowerCase()];
  if (encoding) return encoding;
  throw invalid(
    'unsupported_charset',
    `charset "${charset}" is not supported; send utf-8 or windows-1251, or no charset to detect it`,
    'Content-Type',
  );
}

/** Text as the bytes of a file in the given encoding: Windows-1251, or UTF-8 with its BOM if it had one. */
export function encodeCsvText(text: string, encoding: DetectedEncoding): Buffer {
  if (encoding.encoding === 'win1251') return iconv.encode(text, 'win1251');
  return Buffer.from(encoding.bom ? `\uFEFF${text}` : text);
}

// Undecided input is held from its first non-ASCII byte until this much tells the encodings
// apart: Cyrillic in Windows-1251 is almost never valid UTF-8 for more than a letter or two.
const decideAfterNonAscii = 256;
const decideAfterBytes = 64 * 1024;
const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Decodes the bytes of a CSV file to text, chunk by chunk. `auto` reads a UTF-8 BOM or valid
 * UTF-8 as UTF-8 and anything else as Windows-1251; ASCII passes at once, since both agree on
 * it. A UTF-8 BOM is dropped. Throws `CsvSyntaxError` (with the line) for bytes that are not
 * UTF-8 where UTF-8 was chosen or detected, and for UTF-16 files.
 */
export class CsvTextDecoder {
  private head: Buffer | undefined = Buffer.alloc(0);
  private decoder: ChunkDecoder | undefined;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private heldNonAscii = 0;
  private readonly lines = new LineCounter();

  constructor(
    private readonly encoding: CsvEncoding,
    private readonly onDetected?: (detected: DetectedEncoding) => void,
  ) {}

  write(chunk: Buffer): string {
    if (this.head === undefined) return this.take(chunk, false);
    // A byte order mark may arrive split over chunks; look at it whole.
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < 3) return '';
    const rest = this.start(this.head);
    this.head = undefined;
    return this.take(rest, false);
  }

  end(): string {
    const rest = this.head === undefined ? Buffer.alloc(0) : this.start(this.head);
    this.head = undefined;
    const text = this.take(rest, true);
    // Nothing but ASCII: it reads the same either way.
    if (!this.decoder) this.decide('utf8', false);
    return text + (this.decoder as ChunkDecoder).end();
  }

  /** Reads the byte order mark of the first bytes; returns the bytes after it. */
  private start(head: Buffer): Buffer {
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new CsvSyntaxError(
        1,
        'the file is UTF-16 text; save it as "CSV UTF-8" or "CSV (delimited)" instead',
      );
    }
    const bom = head.subarray(0, 3).equals(utf8Bom);
    if (this.encoding === 'win1251') this.decide('win1251', false);
    else if (this.encoding === 'utf8' || bom) this.decide('utf8', bom);
    return bom && this.encoding !== 'win1251' ? head.subarray(3) : head;
  }

  private decide(encoding: 'utf8' | 'win1251', bom: boolean): void {
    this.decoder = encoding === 'utf8' ? new Utf8Decoder(this.lines) : new Win1251Decoder();
    this.onDetected?.({ encoding, bom });
  }

  private take(chunk: Buffer, final: boolean): string {
    let text = '';
    if (!this.decoder && this.held.length === 0) {
      // isAscii is native: a plain-ASCII file is never walked byte by byte in JavaScript.
      const ascii = isAscii(chunk) ? chunk.length : chunk.findIndex((byte) => byte >= 0x80);
      this.lines.count(chunk.subarray(0, ascii));
      text = chunk.toString('latin1', 0, ascii);
      chunk = chunk.subarray(ascii);
    }
    if (!this.decoder) {
      if (chunk.length > 0) this.hold(chunk);
      const enough = this.heldNonAscii >= decideAfterNonAscii || this.heldBytes >= decideAfterBytes;
      if (this.held.length === 0 || !(enough || final)) return text;
      chunk = Buffer.concat(this.held);
      this.held = [];
      this.decide(isUtf8(completePart(chunk, final)) ? 'utf8' : 'win1251', false);
    }
    if (chunk.length === 0) return text;
    text += (this.decoder as ChunkDecoder).write(chunk);
    this.lines.count(chunk);
    return text;
  }

  private hold(chunk: Buffer): void {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    for (const byte of chunk) if (byte >= 0x80) this.heldNonAscii++;
  }
}

interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

class Win1251Decoder implements ChunkDecoder {
  write(bytes: Buffer): string {
    return iconv.decode(bytes, 'win1251', { stripBOM: false });
  }
  end(): string {
    return '';
  }
}

/** UTF-8 that must be valid: a sequence split between chunks waits for its rest. */
class Utf8Decoder implements ChunkDecoder {
  private pending = Buffer.alloc(0);
  constructor(private readonly lines: LineCounter) {}

  write(bytes: Buffer): string {
    const all = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    const complete = completePart(all, false);
    this.check(complete);
    this.pending = Buffer.from(all.subarray(complete.length));
    return complete.toString('utf8');
  }

  end(): string {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    this.check(rest);
    return rest.toString('utf8');
  }

  private check(bytes: Buffer): void {
    if (isUtf8(bytes)) return;
    const at = firstInvalidUtf8(bytes);
    throw new CsvSyntaxError(
      this.lines.lineAt(bytes.subarray(0, at)),
      'the text is not valid UTF-8; if the file was saved as Windows-1251, say so (--encoding win1251 or charset=windows-1251)',
    );
  }
}

/** The bytes without a UTF-8 sequence cut off at the end (kept whole when `final`). */
function completePart(bytes: Buffer, final: boolean): Buffer {
  if (final) return bytes;
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if (byte < 0x80) return bytes;
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
    }
  }
  return bytes;
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes[i] as number);
    if (length === 0 || i + length > bytes.length) return i;
    if (length > 1 && !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead < 0xc2) return 0;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return lead < 0xf5 ? 4 : 0;
}

/** Counts line breaks (LF, CRLF or a lone CR) in the bytes read so far, for error messages. */
class LineCounter {
  private breaks = 0;
  private lastWasCr = false;

  count(bytes: Buffer): void {
    this.breaks += this.breaksIn(bytes);
    if (bytes.length > 0) this.lastWasCr = bytes[bytes.length - 1] === 0x0d;
  }

  /** Line number of the byte right after `before`, which follows everything counted. */
  lineAt(before: Buffer): number {
    return this.breaks + this.breaksIn(before) + 1;
  }

  // Native searches: this runs over every byte of a file that may be hundreds of megabytes.
  private breaksIn(bytes: Buffer): number {
    const crlf = occurrences(bytes, '\r\n') + (this.lastWasCr && bytes[0] === 0x0a ? 1 : 0);
    return occurrences(bytes, '\r') + occurrences(bytes, '\n') - crlf;
  }
}

function occurrences(bytes: Buffer, needle: string): number {
  let n = 0;
  for (let i = bytes.indexOf(needle); i !== -1; i = bytes.indexOf(needle, i + needle.length)) n++;
  return n;
}
