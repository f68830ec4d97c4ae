import type { Selectable } from 'kysely';
import type { Db } from '../store/database.ts';
import { decodeCursor, encodeCursor, historyOwnerId } from '../store/history-page.ts';
import type { CalculationLogTable } from '../store/schema.ts';
import type { CalculationLogEntry } from './calculation-log.ts';

/** A logged calculation as the API shows it. */
export interface LoggedCalculation {
  calculationId: string;
  createdAt: string;
  apiKeyId: string | null;
  storeId: string;
  customerId: string | null;
  rulesetVersion: string;
  request: unknown;
  result: unknown;
}

/** Writes a batch of entries in one multi-row INSERT. */
export async function writeCalculations(db: Db, entries: CalculationLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('calculation_log')
    .values(
      entries.map((entry) => ({
        id: entry.id,
        created_at: entry.createdAt,
        api_key_id: entry.apiKeyId,
        store_id: entry.storeId,
        customer_id: entry.customerId,
        ruleset_version: entry.rulesetVersion,
        request: JSON.stringify(entry.request),
        result: JSON.stringify(entry.result),
      })),
    )
    .execute();
}

/** One logged calculation, or undefined when it was never logged or has expired. */
export async function loadCalculation(db: Db, id: string): Promise<LoggedCalculation | undefined> {
  const row = await db
    .selectFrom('calculation_log')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toLogged(row);
}

/**
 * A customer's logged calculations, newest first, paged by an opaque cursor (`nextBefore`). A
 * merged-away id lists the survivor's, which holds its calculations. `customer_not_found` (404),
 * `invalid_cursor` (400).
 */
export async function listCustomerCalculations(
  db: Db,
  customerId: string,
  page: { limit: number; before?: string | undefined },
): Promise<{ items: LoggedCalculation[]; nextBefore: string | null }> {
  const ownerId = await historyOwnerId(db, customerId);
  let query = db
    .selectFrom('calculation_log')
    .selectAll()
    .where('customer_id', '=', ownerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.before) {
    const { at, id } = decodeCursor(page.before);
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await query.execute();
  const last = rows.at(-1);
  return {
    items: rows.map(toLogged),
    nextBefore: rows.length === page.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

function toLogged(row: Selectable<CalculationLogTable>): LoggedCalculation {
  return {
    calculationId: row.id,
    createdAt: row.created_at.toISOString(),
    apiKeyId: row.api_key_id,
    storeId: row.store_id,
    customerId: row.customer_id,
    rulesetVersion: row.ruleset_version,
    request: row.request,
    result: row.result,
  };
}
