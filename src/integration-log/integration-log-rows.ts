import type { Selectable } from 'kysely';
import { invalid } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { deleteInBatches } from '../store/delete-in-batches.ts';
import type { IntegrationLogTable } from '../store/schema.ts';
import type { MaskedCall } from './integration-call.ts';

/** A logged call as the API shows it. */
export interface LoggedCall {
  id: string;
  at: string;
  requestId: string;
  keyId: string;
  method: string;
  route: string | null;
  url: string;
  status: number;
  latencyUs: number;
  customerId: string | null;
  transactionId: string | null;
  request: string | null;
  requestTruncated: boolean;
  response: string | null;
  responseTruncated: boolean;
}

/** What to look for; every filter given must hold. `status` is a code (404) or a class (4xx). */
export interface IntegrationLogFilter {
  customerId?: string | undefined;
  transactionId?: string | undefined;
  keyId?: string | undefined;
  status?: string | undefined;
  /** Calls at or after this instant. */
  from?: string | undefined;
  /** Calls before this instant. */
  to?: string | undefined;
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

/** Writes a batch of masked calls in one multi-row INSERT. */
export async function writeIntegrationCalls(db: Db, calls: readonly MaskedCall[]): Promise<void> {
  if (calls.length === 0) return;
  await db
    .insertInto('integration_log')
    .values(
      calls.map((call) => ({
        at: call.at,
        request_id: call.requestId,
        key_id: call.keyId,
        method: call.method,
        route: call.route,
        url: call.url,
        status: call.status,
        latency_us: call.latencyUs,
        customer_id: call.customerId,
        transaction_id: call.transactionId,
        request: call.request,
        request_truncated: call.requestTruncated,
        response: call.response,
        response_truncated: call.responseTruncated,
      })),
    )
    .execute();
}

const cursorPattern = /^[1-9][0-9]{0,15}$/;

/**
 * Logged calls matching `filter`, the latest written first, paged by `nextCursor`.
 * `invalid_cursor` (400) for a cursor this API did not give.
 */
export async function searchIntegrationLog(
  db: Db,
  filter: IntegrationLogFilter,
): Promise<{ items: LoggedCall[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('integration_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.transactionId) query = query.where('transaction_id', '=', filter.transactionId);
  if (filter.keyId) query = query.where('key_id', '=', filter.keyId);
  if (filter.status) {
    const hundreds = Number(filter.status[0]) * 100;
    query = filter.status.endsWith('xx')
      ? query.where('status', '>=', hundreds).where('status', '<', hundreds + 100)
      : query.where('status', '=', Number(filter.status));
  }
  if (filter.from) query = query.where('at', '>=', new Date(filter.from));
  if (filter.to) query = query.where('at', '<', new Date(filter.to));
  if (filter.cursor !== undefined) {
    if (!cursorPattern.test(filter.cursor))
      throw invalid('invalid_cursor', 'The cursor is not one this API gave', '/cursor');
    query = query.where('id', '<', Number(filter.cursor));
  }
  const rows = await query.execute();
  const last = rows.at(-1);
  return {
    items: rows.map(toLogged),
    nextCursor: rows.length === filter.limit && last ? String(last.id) : null,
  };
}

function toLogged(row: Selectable<IntegrationLogTable>): LoggedCall {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    requestId: row.request_id,
    keyId: row.key_id,
    method: row.method,
    route: row.route,
    url: row.url,
    status: row.status,
    latencyUs: row.latency_us,
    customerId: row.customer_id,
    transactionId: row.transaction_id,
    request: row.request,
    requestTruncated: row.request_truncated,
    response: row.response,
    responseTruncated: row.response_truncated,
  };
}

const dayMs = 86_400_000;

/**
 * Deletes calls made more than `retentionDays` days before `now`, `batchSize` rows per statement
 * so a large backlog never holds long locks; rows another node is deleting at the same moment
 * are skipped. Returns how many rows this call deleted.
 */
export async function deleteExpiredIntegrationCalls(
  db: Db,
  now: Date,
  retentionDays: number,
  batchSize = 5_000,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * dayMs);
  return deleteInBatches(batchSize, (limit) =>
    db
      .deleteFrom('integration_log')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('integration_log')
          .select('id')
          .where('at', '<', cutoff)
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .executeTakeFirst(),
  );
}
