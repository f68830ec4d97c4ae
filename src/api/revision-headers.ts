import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';

/** The If-Match header of a conditional write: an ETag answered by a read or an earlier write. */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      pattern: '^"?[0-9]{1,15}"?$',
      description:
        'The ETag of the version the change was made on; a stale one is refused with 412 ' +
        'precondition_failed and nothing changes. Without it the write is unconditional ' +
        '(last writer wins)',
    }),
  ),
});

/** The revision an If-Match header names (quoted ETag or bare number), or undefined. */
export function ifMatchRevision(headers: { 'if-match'?: string | undefined }): number | undefined {
  const value = headers['if-match'];
  return value === undefined ? undefined : Number(value.replaceAll('"', ''));
}

/** Answers `body` with the revision as its (strong) ETag. */
export function withEtag<T>(reply: FastifyReply, revision: number, body: T): T {
  reply.header('etag', `"${revision}"`);
  return body;
}
