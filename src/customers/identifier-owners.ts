import { conflict } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Identifier } from './identifiers.ts';

/** For each identifier that some customer holds, that customer's id (same order as given). */
export async function identifierOwners(
  db: Db,
  identifiers: readonly Identifier[],
): Promise<(string | undefined)[]> {
  if (identifiers.length === 0) return [];
  const rows = await db
    .selectFrom('customer_identifiers')
    .select(['kind', 'system', 'value', 'customer_id'])
    .where((eb) =>
      eb.or(
        identifiers.map((identifier) =>
          eb.and({ kind: identifier.kind, system: identifier.system, value: identifier.value }),
        ),
      ),
    )
    .execute();
  return identifiers.map(
    (identifier) =>
      rows.find(
        (row) =>
          row.kind === identifier.kind &&
          row.system === identifier.system &&
          row.value === identifier.value,
      )?.customer_id,
  );
}

/** `identifier_taken` (409) naming the field at fault and, in `customerId`, who holds it. */
export function identifierTaken(identifier: Identifier, ownerId: string, field: string) {
  return conflict(
    'identifier_taken',
    `The ${identifier.kind} ${identifier.value} belongs to another customer`,
    field,
    { customerId: ownerId },
  );
}

/** Thrown when a unique violation was reported but its holder is gone again: a retry will do. */
export function identifierContended(field: string) {
  return conflict(
    'identifier_contended',
    'Another request changed this identifier at the same moment; retry',
    field,
  );
}
