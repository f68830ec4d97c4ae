import type { CustomerImportWriter } from '../customer-import/customer-import-writer.ts';
import type { CustomerImportReport } from '../customer-import/import-report.ts';
import type { ServerApi } from './server-api.ts';

/** Customer imports through the server's bulk endpoint, `POST /v1/imports/customers`. */
export function httpCustomerImport(api: ServerApi): CustomerImportWriter {
  return {
    importCustomers: (system, rows, dryRun) =>
      api.call<CustomerImportReport>(
        'POST',
        `/v1/imports/customers${dryRun ? '?dryRun=true' : ''}`,
        { system, rows },
      ),
  };
}
