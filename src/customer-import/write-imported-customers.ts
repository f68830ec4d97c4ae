import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import type { EpochMs } from '../calendar/day-number.ts';
import { profileColumns } from '../customers/customer-view.ts';
import { conflict } from '../errors.ts';
import { expiryInstant } from '../ledger/instants.ts';
import type { ProgramSettings } from '../ledger/program-settings.ts';
import { openBalances } from '../points/open-balances.ts';
import { markSegmentFactsChanged } from '../segments/recompute-segments.ts';
import type { Db } from '../store/database.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { placeImportedCustomers } from '../tiers/place-imported.ts';
import type { TierProgram } from '../tiers/tier-program.ts';
import type { CheckedRow, OpeningLot } from './import-row.ts';

/** Rows per insert statement. */
const insertChunk = 500;

export interface WriteContext {
  system: string;
  now: EpochMs;
  settings: ProgramSettings;
  program: TierProgram | null;
}

/**
 * Writes checked, conflict-free rows in one transaction: customers with their identifiers and
 * import records, the opening balances ({@link openBalances}), the tiers
 * ({@link placeImportedCustomers}), the segment recompute made due, and one audit entry
 * `customers.import`. A unique violation (another request took an identifier or
 * imported the same row meanwhile) is `import_contended` (409): nothing is written, a retry
 * sees the new state.
 */
export async function writeImportedCustomers(
  db: Db,
  actor: Actor,
  rows: readonly CheckedRow[],
  context: WriteContext,
): Promise<void> {
  const ids = new Map(rows.map((row) => [row, randomUUID()]));
  try {
    await db.transaction().execute(async (trx) => {
      for (let at = 0; at < rows.length; at += insertChunk) {
        await insertCustomers(trx, rows.slice(at, at + insertChunk), ids, context);
      }
      const { system, now, settings } = context;
      const openings = rows
        .filter((row) => row.lots.length > 0)
        .map((row) => ({
          customerId: ids.get(row) as string,
          operationId: `customer-import:${system}:${row.externalId}`,
          reason: `import:${system}`,
          lots: row.lots.map((lot) => ({ ...lot, expiresAt: expiryOf(lot, settings) })),
        }));
      await openBalances(trx, openings, now);
      const placements = rows.flatMap((row) =>
        row.tierId === null ? [] : [{ customerId: ids.get(row) as string, tierId: row.tierId }],
      );
      if (context.program && placements.length > 0) {
        const move = { at: now, now, actorName: actor.name, note: `import:${system}` };
        await placeImportedCustomers(trx, context.program, placements, move);
      }
      // New profiles, tiers and balances change what segments see: the next recompute walks all.
      await markSegmentFactsChanged(trx);
      await recordAudit(trx, actor, {
        action: 'customers.import',
        entityType: 'customer_import',
        entityId: context.system,
        after: {
          created: rows.length,
          openingPoints: rows.reduce(
            (sum, row) => sum + row.lots.reduce((lots, lot) => lots + lot.points, 0),
            0,
          ),
        },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw conflict(
      'import_contended',
      'Another request created one of these customers or identifiers at the same moment; retry',
    );
  }
}

async function insertCustomers(
  trx: Db,
  rows: readonly CheckedRow[],
  ids: ReadonlyMap<CheckedRow, string>,
  context: WriteContext,
): Promise<void> {
  const idOf = (row: CheckedRow) => ids.get(row) as string;
  await trx
    .insertInto('customers')
    .values(rows.map((row) => ({ id: idOf(row), ...profileColumns(row.profile) })))
    .execute();
  await trx
    .insertInto('customer_identifiers')
    .values(
      rows.flatMap((row) =>
        row.identifiers.map(({ identifier }) => ({ ...identifier, customer_id: idOf(row) })),
      ),
    )
    .execute();
  await trx
    .insertInto('customer_imports')
    .values(
      rows.map((row) => ({
        system: context.system,
        external_id: row.externalId,
        customer_id: idOf(row),
        input_hash: row.inputHash,
        imported_at: new Date(context.now),
      })),
    )
    .execute();
}

function expiryOf(lot: OpeningLot, settings: ProgramSettings): EpochMs | null {
  if (lot.expiresAt !== 'programme') return lot.expiresAt;
  return settings.expiry === null
    ? null
    : expiryInstant(lot.activatesAt, settings.expiry, settings.timeZone);
}
