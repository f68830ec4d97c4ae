import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type CsvEncoding, csvEncodingOfContentType } from '../csv/csv-encoding.ts';

/** Largest CSV file a route takes: a static list of a million phones, a catalogue of 100 000. */
const csvBodyLimit = 50 * 1024 * 1024;

/**
 * Lets the routes of `app` (a plugin) take a `text/csv` body: its bytes as they came, in their
 * own encoding, read by the one CSV reader (`csv/csv-records.ts`) and never by Fastify.
 */
export function acceptCsvBodies(app: Pick<FastifyInstance, 'addContentTypeParser'>): void {
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: csvBodyLimit },
    (_request, body, done) => done(null, body),
  );
}

/**
 * The OpenAPI body of a CSV upload. Its route takes `validatorCompiler: serviceValidatesBody`:
 * the bytes are checked by the CSV reader, not by this schema.
 */
export const CsvBody = { content: { 'text/csv': { schema: Type.String() } } };

// As a file is read from disk: parsing a 64 KiB piece at a time leaves the event loop to other
// requests (a till's) between pieces, where a whole 5 MB file would hold it for a good while.
const pieceBytes = 64 * 1024;

export interface CsvUpload {
  bytes: Buffer;
  /** The bytes as a stream of 64 KiB pieces, for a reader that streams. */
  stream(): Readable;
  /** What the `charset` parameter names; `auto` when none (400 `unsupported_charset`). */
  encoding: CsvEncoding;
}

/** The uploaded file of a route whose plugin calls {@link acceptCsvBodies}. */
export function csvUpload(request: FastifyRequest): CsvUpload {
  const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return {
    bytes,
    stream: () => Readable.from(pieces(bytes)),
    encoding: csvEncodingOfContentType(request.headers['content-type']),
  };
}

function* pieces(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += pieceBytes) {
    yield bytes.subarray(at, at + pieceBytes);
  }
}
