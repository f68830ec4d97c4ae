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

/** The uploaded file and the encoding its `charset` names (`auto` when none; 400 `unsupported_charset`). */
export function csvUpload(request: FastifyRequest): { bytes: Buffer; encoding: CsvEncoding } {
  return {
    bytes: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    encoding: csvEncodingOfContentType(request.headers['content-type']),
  };
}
