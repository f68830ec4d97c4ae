import type { Actor } from '../access/actor.ts';
import { type FieldProblem, PerkError } from '../errors.ts';
import type { Db } from './database.ts';
import type { IdempotentBatchKind } from './schema.ts';

/**
 * The body fields a repeat is compared on, each normalised (an instant in ISO form, an absent
 * flag as `false`), so two spellings of one request are the same request.
 */
export type BatchRequest = Record<string, string | number | boolean | null>;

/** One batch as its caller names it. */
export interface BatchClaim {
  kind: IdempotentBatchKind;
  /** Batch ids are the API key's own, as a till's transaction ids are. */
  actor: Actor;
  /** What the batch belongs to (the coupon series); '' when nothing. */
  resourceId: string;
  /** The caller's id of the batch: the idempotency key. */
  batchId: string;
  request: BatchRequest;
}

export type BatchOutcome<T> = { result: T; replayed: boolean };

// The command line has no API key: its batches share the nil id, as its purchases do.
const NO_API_KEY = '00000000-0000-0000-0000-000000000000';

/** The API key a batch is keyed under: the actor's, or the nil id for operators and the CLI. */
export function batchKeyIdOf(actor: Actor): string {
  return actor.keyId ?? NO_API_KEY;
}

/**
 * The result of the batch made earlier under this claim's key, or `undefined` when there is
 * none. The same key with another request is refused: 409 `batch_conflict`, with `field` and
 * `errors` at every body field that differs.
 */
export async function findBatch<T>(db: Db, claim: BatchClaim): Promise<T | undefined> {
  const row = await db
    .selectFrom('idempotent_batches')
    .select(['request', 'result'])
    .where((eb) => eb.and(batchKey(claim)))
    .executeTakeFirst();
  if (!row) return undefined;
  refuseOtherRequest(claim, row.request);
  return row.result as T;
}

/**
 * Runs `work` at most once per key (kind, API key, resource, batch id), inside the caller's
 * transaction `trx`, and stores its result. The key is claimed first, so a concurrent request
 * with the same key waits on the primary key until this transaction ends, then answers the
 * stored result (`replayed: true`) and makes nothing. A refusal thrown by `work` rolls the claim
 * back with everything else, so a refused batch may be retried. Another request under the key:
 * 409 `batch_conflict` (see {@link findBatch}).
 */
export async function runBatchOnce<T>(
  trx: Db,
  claim: BatchClaim,
  work: () => Promise<T>,
): Promise<BatchOutcome<T>> {
  const key = batchKey(claim);
  const claimed = await trx
    .insertInto('idempotent_batches')
    .values({ ...key, request: JSON.stringify(claim.request), result: null })
    .onConflict((oc) => oc.columns(['kind', 'api_key_id', 'resource_id', 'batch_id']).doNothing())
    .returning('batch_id')
    .executeTakeFirst();
  if (claimed === undefined) {
    return { result: (await findBatch<T>(trx, claim)) as T, replayed: true };
  }
  const result = await work();
  await trx
    .updateTable('idempotent_batches')
    .set({ result: JSON.stringify(result) })
    .where((eb) => eb.and(key))
    .execute();
  return { result, replayed: false };
}

function batchKey(claim: BatchClaim) {
  return {
    kind: claim.kind,
    api_key_id: batchKeyIdOf(claim.actor),
    resource_id: claim.resourceId,
    batch_id: claim.batchId,
  };
}

function refuseOtherRequest(claim: BatchClaim, stored: BatchRequest): void {
  const problems: FieldProblem[] = [];
  const fields = new Set([...Object.keys(claim.request), ...Object.keys(stored)]);
  for (const field of fields) {
    const first = stored[field] ?? null;
    const now = claim.request[field] ?? null;
    if (first === now) continue;
    problems.push({
      field: `/${field}`,
      code: 'batch_conflict',
      message: `${JSON.stringify(first)} in the first request, ${JSON.stringify(now)} now`,
    });
  }
  if (problems.length === 0) return;
  const names = problems.map((p) => p.field.slice(1)).join(', ');
  throw new PerkError(
    'conflict',
    'batch_conflict',
    `Batch "${claim.batchId}" was made with another ${names}; a new batch needs a new batchId`,
    { problems, details: { batchId: claim.batchId } },
  );
}
