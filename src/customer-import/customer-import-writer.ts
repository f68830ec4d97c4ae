import type { Actor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import { importCustomers } from './import-customers.ts';
import type { CustomerImportReport } from './import-report.ts';
import type { CustomerImportRow } from './import-row.ts';

/**
 * Where a customer import writes: the database itself, or a running server's API
 * (`POST /v1/imports/customers`). Both answer the same report and refuse the same way.
 */
export interface CustomerImportWriter {
  importCustomers(
    system: string,
    rows: readonly CustomerImportRow[],
    dryRun: boolean,
  ): Promise<CustomerImportReport>;
}

export function directCustomerImport(
  db: Db,
  actor: Actor,
  defaultCountry: string,
): CustomerImportWriter {
  return {
    importCustomers: (system, rows, dryRun) =>
      importCustomers(db, actor, { system, rows, dryRun }, { defaultCountry, now: new Date() }),
  };
}
