import { createHash } from 'node:crypto';
import { conflict } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { canonicalJson } from './canonical-json.ts';

/** One idempotent ledger operation as a caller names it. */
export interface OperationSpec {
  /** Idempotency key chosen by the caller (e.g. `purchase:<till transaction id>:redeem`). */
  key: string;
  /** What the operation does (`redeem`, `accrue`, …); part of the input hash. */
  kind: string;
  customerId: string;
  /** Everything the result depends on; hashed to recognise a replay. */
  input: unknown;
}

export type OperationOutcome<T> = { result: T; replayed: boolean };

/** SHA-256 of the kind and canonical input: equal for equal requests, whatever their key order. */
export function operationHash(kind: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ kind, input })).digest('hex');
}

/**
 * Claims `spec.key` inside the caller's transaction `trx` with an insert, so a concurrent request
 * with the same key waits on the unique index until this transaction ends, then sees its stored
 * result. A repeat with the same input answers the stored result (`claimed: false`); with
 * another input it is refused with 409 `operation_conflict`. A refusal after the claim rolls the
 * caller back with it, so a refused operation may be retried; the caller stores the result.
 */
export async function claimOperation<T>(
  trx: Db,
  spec: OperationSpec,
): Promise<{ claimed: true; inputHash: string } | { claimed: false; result: T }> {
  const inputHash = operationHash(spec.kind, spec.input);
  const claimed = await trx
    .insertInto('points_operations')
    .values({
      key: spec.key,
      kind: spec.kind,
      customer_id: spec.customerId,
      input_hash: inputHash,
      result: null,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed === undefined) {
    return { claimed: false, result: await storedResult<T>(trx, spec, inputHash) };
  }
  return { claimed: true, inputHash };
}

async function storedResult<T>(trx: Db, spec: OperationSpec, inputHash: string): Promise<T> {
  const row = await trx
    .selectFrom('points_operations')
    .select(['input_hash', 'result'])
    .where('key', '=', spec.key)
    .executeTakeFirstOrThrow();
  if (row.input_hash !== inputHash) {
    throw conflict(
      'operation_conflict',
      `Operation "${spec.key}" was already made with another input`,
      '/operationId',
    );
  }
  return row.result as T;
}
