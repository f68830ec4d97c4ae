import type { Identifier } from '../customers/identifiers.ts';
import type { Db } from '../store/database.ts';
import type { IdentifierKind } from '../store/schema.ts';
import type { ImportConflict } from './import-report.ts';
import type { CheckedRow } from './import-row.ts';

/** Values per lookup statement: well under the parameter limit of either database. */
const lookupChunk = 5000;

/**
 * Finds the conflicts between rows and with what is stored, adding them to `conflicts`:
 * `duplicate_external_id` and `duplicate_identifier` (a later row repeats an earlier one's; the
 * later is at fault, `otherRow` names the earlier), `import_changed` (imported before with other
 * content), `identifier_taken` (a Perk customer holds it). Answers the rows to create and how
 * many were imported before with the same content.
 */
export async function findConflicts(
  db: Db,
  system: string,
  rows: readonly CheckedRow[],
  conflicts: ImportConflict[],
): Promise<{ fresh: CheckedRow[]; alreadyThere: number }> {
  const faulty = new Set<CheckedRow>();
  const firstRowOf = new Map<string, number>();
  for (const row of rows) {
    for (const { identifier, field } of row.identifiers) {
      const key = keyOf(identifier);
      const other = firstRowOf.get(key);
      if (other === undefined) {
        firstRowOf.set(key, row.row);
        continue;
      }
      const own = field === '/externalId';
      conflicts.push({
        row: row.row,
        field,
        code: own ? 'duplicate_external_id' : 'duplicate_identifier',
        message: `row ${other} has the same ${own ? 'external id' : identifier.kind}`,
        otherRow: other,
      });
      faulty.add(row);
    }
  }
  const stored = await storedImports(
    db,
    system,
    rows.map((row) => row.externalId),
  );
  // New rows, faulty or not: each is checked against the customers too, to report it all at once.
  const fresh: CheckedRow[] = [];
  let alreadyThere = 0;
  for (const row of rows) {
    const before = stored.get(row.externalId);
    if (before === undefined) {
      fresh.push(row);
    } else if (before === row.inputHash) {
      alreadyThere += faulty.has(row) ? 0 : 1;
    } else {
      conflicts.push({
        row: row.row,
        field: '/externalId',
        code: 'import_changed',
        message:
          'was imported before with other content; an import never overwrites a customer (change it through the customer API)',
      });
      faulty.add(row);
    }
  }
  const owners = await identifierOwners(
    db,
    fresh.flatMap((row) => row.identifiers.map(({ identifier }) => identifier)),
  );
  for (const row of fresh) {
    for (const { identifier, field } of row.identifiers) {
      const key = keyOf(identifier);
      if (!owners.has(key)) continue;
      conflicts.push({
        row: row.row,
        field,
        code: 'identifier_taken',
        message: `this ${identifier.kind} belongs to another customer (${owners.get(key)})`,
      });
      faulty.add(row);
    }
  }
  return { fresh: fresh.filter((row) => !faulty.has(row)), alreadyThere };
}

async function storedImports(
  db: Db,
  system: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (let at = 0; at < externalIds.length; at += lookupChunk) {
    const rows = await db
      .selectFrom('customer_imports')
      .select(['external_id', 'input_hash'])
      .where('system', '=', system)
      .where('external_id', 'in', externalIds.slice(at, at + lookupChunk))
      .execute();
    for (const row of rows) hashes.set(row.external_id, row.input_hash);
  }
  return hashes;
}

/** Who holds each of `identifiers`, keyed by kind, system and value. */
async function identifierOwners(
  db: Db,
  identifiers: readonly Identifier[],
): Promise<Map<string, string>> {
  // Grouped by kind and system, so each lookup walks the (kind, system, value) key.
  const groups = new Map<string, { kind: IdentifierKind; system: string; values: Set<string> }>();
  for (const { kind, system, value } of identifiers) {
    const group = groups.get(`${kind}\u0000${system}`) ?? { kind, system, values: new Set() };
    group.values.add(value);
    groups.set(`${kind}\u0000${system}`, group);
  }
  const owners = new Map<string, string>();
  for (const { kind, system, values } of groups.values()) {
    const list = [...values];
    for (let at = 0; at < list.length; at += lookupChunk) {
      const rows = await db
        .selectFrom('customer_identifiers')
        .select(['value', 'customer_id'])
        .where('kind', '=', kind)
        .where('system', '=', system)
        .where('value', 'in', list.slice(at, at + lookupChunk))
        .execute();
      for (const row of rows)
        owners.set(keyOf({ kind, system, value: row.value }), row.customer_id);
    }
  }
  return owners;
}

function keyOf(identifier: Identifier): string {
  return `${identifier.kind}\u0000${identifier.system}\u0000${identifier.value}`;
}
