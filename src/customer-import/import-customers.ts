import type { Actor } from '../access/actor.ts';
import { customFieldTypes } from '../customers/custom-field-definitions.ts';
import { normalizeIdentifier } from '../customers/identifiers.ts';
import { invalid, PerkError } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { getTierProgram } from '../tiers/tier-program-store.ts';
import { findConflicts } from './find-conflicts.ts';
import type { CustomerImportReport, ImportConflict } from './import-report.ts';
import { type CheckedRow, type CustomerImportRow, checkImportRow } from './import-row.ts';
import { writeImportedCustomers } from './write-imported-customers.ts';

/** Rows one call takes: one transaction holds them all. */
export const maxImportRowsPerCall = 10_000;

export interface CustomerImportInput {
  /** The old system's name (`oldcrm`): the system of the external ids, kept as identifiers. */
  system: string;
  rows: readonly CustomerImportRow[];
  /** Report only; write nothing. */
  dryRun: boolean;
}

export interface CustomerImportContext {
  /** ISO 3166 alpha-2 country of phone numbers without an international prefix. */
  defaultCountry: string;
  now: Date;
}

/**
 * Imports customers switching over from another processing: each with its old id (kept as an
 * `external` identifier under `system`), identifiers, profile, opening balance (lots of kind
 * `opening_balance` with their own expiry) and current tier. Every conflict of every row is
 * found first ({@link checkImportRow}, {@link findConflicts}); a dry run answers them with what
 * would be created and writes nothing. A real run with any conflict is refused whole:
 * `import_refused` (422) with every fault at `/rows/<index>/<field>`; otherwise every new row is
 * written in one transaction. A row imported before with the same content is "already there"
 * and left alone, so a re-run changes nothing; with other content it is `import_changed` — the
 * customer may have lived in Perk since, so a file never overwrites them (change them through
 * the customer and points APIs). `invalid_system` (400) for a bad system name;
 * `import_contended` (409) when another request took an identifier meanwhile (retry).
 */
export async function importCustomers(
  db: Db,
  actor: Actor,
  input: CustomerImportInput,
  context: CustomerImportContext,
): Promise<CustomerImportReport> {
  const system = checkSystem(input.system);
  const [settings, tiers, customFields] = await Promise.all([
    getProgramSettings(db),
    getTierProgram(db),
    customFieldTypes(db),
  ]);
  const rules = {
    system,
    defaultCountry: context.defaultCountry,
    customFields,
    tierIds: new Set(tiers?.program.tiers.map((tier) => tier.id) ?? []),
    timeZone: settings.timeZone,
    now: context.now,
  };
  const conflicts: ImportConflict[] = [];
  const checked = input.rows
    .map((row, index) => checkImportRow(row, index, rules, conflicts))
    .filter((row): row is CheckedRow => row !== null);
  const { fresh, alreadyThere } = await findConflicts(db, system, checked, conflicts);
  conflicts.sort((a, b) => a.row - b.row || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  const report: CustomerImportReport = {
    dryRun: input.dryRun,
    rows: input.rows.length,
    created: fresh.length,
    alreadyThere,
    openingPoints: fresh.reduce((sum, row) => sum + sumPoints(row), 0),
    conflicts,
  };
  if (input.dryRun) return report;
  if (conflicts.length > 0) throw refused(conflicts);
  if (fresh.length > 0) {
    await writeImportedCustomers(db, actor, fresh, {
      system,
      now: context.now.getTime(),
      settings,
      program: tiers?.program ?? null,
    });
  }
  return report;
}

function checkSystem(value: string): string {
  const checked = normalizeIdentifier({ kind: 'external', system: value, value: 'x' }, '');
  if (!checked.ok) throw invalid('invalid_system', checked.message, '/system');
  return checked.identifier.system;
}

function sumPoints(row: CheckedRow): number {
  return row.lots.reduce((sum, lot) => sum + lot.points, 0);
}

function refused(conflicts: readonly ImportConflict[]): PerkError {
  const rows = new Set(conflicts.map((conflict) => conflict.row)).size;
  return new PerkError(
    'unprocessable',
    'import_refused',
    `${rows} rows have conflicts; nothing was imported (a dry run lists them)`,
    {
      problems: conflicts.map(({ row, field, code, message }) => ({
        field: `/rows/${row}${field}`,
        code,
        message,
      })),
    },
  );
}
