import { createReadStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CatalogueWriter } from '../catalogue/catalogue-writer.ts';
import type { ImportOptions, ImportReport, RejectedRows } from '../catalogue/import-report.ts';
import { type CsvEncoding, csvEncodings, encodeCsvText } from '../csv/csv-encoding.ts';
import type { CsvFormat } from '../csv/csv-records.ts';
import { CsvSyntaxError } from '../csv/csv-syntax-error.ts';
import { PerkError } from '../errors.ts';
import { defaultOutlierThresholds } from '../history/history-checks.ts';
import type { HistoryWriteOptions } from '../history/history-writer.ts';
import type { HistoryCsvReport } from '../history/import-history-csv.ts';
import { type CommandTarget, runCommand } from './command-runner.ts';
import { rowsPerSecond, showImportProgress } from './import-progress.ts';

type Importer = (
  writer: CatalogueWriter,
  input: Readable,
  options: ImportOptions,
) => Promise<ImportReport>;

// The importers and writers are loaded when an import runs: with the catalogue's queries they
// would slow `perk --help` and every other command.
const importers: Record<'categories' | 'products', () => Promise<Importer>> = {
  categories: async () => (await import('../catalogue/import-categories.ts')).importCategories,
  products: async () => (await import('../catalogue/import-products.ts')).importProducts,
};

const fileHelp = `
The file may be comma- or semicolon-delimited (told by the header line), in UTF-8 with or
without a byte order mark, or in Windows-1251 (told by the bytes, or named by --encoding): a
file saved by Excel in a Russian locale imports as it is.`;

const productsHelp = `
Columns (header row required, any order; only sku and name are required):
  sku                 product code: A-Z a-z 0-9 . _ : - (up to 100)
  name                product name
  category_id         id of an existing category (import categories first)
  brand               brand name
  min_price_minor     lowest price a discount may reach, whole kopecks: 12990 = 129.90
  no_discount         true/false, 1/0 or yes/no: never discount this product
  no_points_payment   ... it may not be paid with points
  no_accrual          ... it earns no points
  tags                tags separated by |, e.g. new|eco
  attr:<name>         an attribute as text; attr:<name>:number or attr:<name>:boolean for others
An empty cell means "not set". A row naming an unknown category is rejected; when a SKU
repeats, its first row is imported and later ones are rejected. Good rows are stored in
chunks of 1 000, so re-importing a corrected file is harmless.
Rejected rows are listed with their line number (the header is line 1) and all written to
FILE.rejected.csv, in the file's own delimiter and encoding.${fileHelp}
Exit code 0 when the file was processed, 1 when it could not be read, 75 when the database
is busy (the message says with what).`;

const categoriesHelp = `
Columns (header row required): id,name,parent_id
  id         category code: A-Z a-z 0-9 . _ : - (up to 100)
  name       category name
  parent_id  id of the parent (in the file or stored already); empty for a top category
Rows with an unknown parent, a cycle or a repeated id are rejected with their line number.${fileHelp}`;

const purchasesHelp = `
One row per line of a past check; the rows of a check must be consecutive. Columns (header row
required, any order):
  check_id            the check's id in the old system (required)
  time                2024-03-01T14:05:00+03:00, or the store's local time: 2024-03-01 14:05
                      or 01.03.2024 14:05 (required)
  store_id            an existing store (required)
  channel             online or offline; empty: offline for a pos store, online otherwise
  customer_card, customer_phone, customer_email, customer_external (system:id), customer_id
                      at most one per row; all empty: an anonymous check. The customer must
                      exist (import customers first)
  sku                 product code; the catalogue need not know it (required)
  quantity            units, up to 3 decimals with a point or a comma: 2 or 2,474 (required)
  price_minor         price of one unit, whole kopecks: 12990 = 129.90 (required)
  discount_minor      discount on the line, kopecks; empty: 0
  paid_minor          money paid for the line, kopecks (required)
A check is stored whole or rejected whole, every row of it listed with its line number. A check
already stored with the same content is counted as already there, so a re-run changes nothing;
one stored with other content is rejected as a conflict. Checks above --outlier-paid-minor or
--outlier-quantity are stored, flagged and listed, and left out of segments and tier metrics.
Segment memberships and RFM scores count the new checks from the next segment-recompute job
(POST /v1/jobs/segment-recompute/run runs it now).
History accrues no points unless --accrue is given. With it, each check of a customer (not
anonymous, not an outlier) accrues what the points programme gives today: the customer's tier
rate on the money paid (paid_minor, after the old system's discounts; no promotion is priced
again, no promotion bonus), rounded as at a till; products marked no_accrual and the
programme's accrual exclusions earn no rate. The points are dated at the check's time: they
activate after the return period from then, and points whose validity has already ended are
accrued and expire at once (the report says how many). A check accrues once: a re-run changes
nothing, and a run with --accrue after one without accrues the checks stored without points.
Do not accrue on checks whose points the customers' opening balances (import customers)
already hold.${fileHelp}`;

const customersHelp = `
Switching from another processing: one customer per row, with its id there, identifiers,
profile, current tier and opening balance. Columns (header row required, any order; only
external_id is required):
  external_id         the customer's id in the old system (kept as the external id
                      <system>:<id>, so purchases can name it in customer_external)
  phone, email        any usual form: 8 (912) 345-67-89, +7 912 345 67 89
  card                card number; several separated by |
  first_name, last_name, middle_name, city
  gender              male or female
  birth_date          2026-12-31 or 31.12.2026
  consent_sms, consent_email, consent_push   true/false, 1/0 or yes/no
  field:<key>         a custom field (defined in Perk) as text; field:<key>:number or
                      field:<key>:boolean for others
  tier                id of the tier the customer holds now; held from the import for at
                      least one period of the programme, no welcome bonus
  points              an opening lot of points (whole number)
  valid_until         the last day its points may be spent (programme time zone); "never"
                      for points that never expire; empty: the programme's validity
  activates_on        the first day its points are spendable (pending until then)
A customer with several lots takes one row per lot, consecutive, with the same external_id:
the first row holds the profile, further rows only points, valid_until and activates_on.
Each 10 000 customers are checked first: a customer with any conflict (a phone, card or
e-mail repeated in the file or held by another customer, an unknown tier, a bad date, an
expired lot, points not 1..100 000 000 000) is rejected whole, every row listed with its line
number and written to FILE.rejected.csv; the rest are imported. --dry-run reports all of it
and writes nothing. A customer imported before with the same content is counted as already
there, so a re-run changes nothing; with other content it is rejected (import_changed): an
import never overwrites a customer. Opening balances enter the points ledger as lots of kind
opening_balance with their own expiry.${fileHelp}`;

const encodingOption = () =>
  new Option('--encoding <encoding>', 'how the file is encoded')
    .choices(csvEncodings)
    .default('auto');

/**
 * `perk import categories FILE.csv` and `perk import products FILE.csv`: exit code 0 when the
 * file was processed (even with rejected rows), 1 when it could not be read or its header is wrong.
 */
export function registerImportCommands(program: Command): void {
  const imports = program
    .command('import')
    .description('Load the catalogue, past checks or customers from CSV files');
  imports
    .command('categories <file>')
    .description('Create or replace categories from a CSV file')
    .addOption(encodingOption())
    .addHelpText('after', categoriesHelp)
    .action((file: string, options: { encoding: CsvEncoding }) =>
      runImport(file, 'categories', options.encoding),
    );
  imports
    .command('purchases <file>')
    .description('Import past checks of another system from a CSV file, streaming')
    .addOption(encodingOption())
    .option(
      '--outlier-paid-minor <kopecks>',
      'a check paid above this is an outlier',
      wholeNumber,
      defaultOutlierThresholds.paidMinor,
    )
    .option(
      '--outlier-quantity <units>',
      'a check with more units than this is an outlier',
      wholeNumber,
      defaultOutlierThresholds.quantityMilli / 1000,
    )
    .option('--accrue', 'accrue the points the programme gives for each check', false)
    .addHelpText('after', purchasesHelp)
    .action(
      (
        file: string,
        options: {
          encoding: CsvEncoding;
          outlierPaidMinor: number;
          outlierQuantity: number;
          accrue: boolean;
        },
      ) =>
        runHistoryImport(file, options.encoding, {
          outliers: {
            paidMinor: options.outlierPaidMinor,
            quantityMilli: options.outlierQuantity * 1000,
          },
          accrue: options.accrue,
        }),
    );
  imports
    .command('customers <file>')
    .description('Import the customers, balances and tiers of another processing from a CSV file')
    .requiredOption('--system <name>', 'name of the old system, e.g. oldcrm ([a-z0-9_.-])')
    .option('--dry-run', 'report every conflict and write nothing', false)
    .addOption(encodingOption())
    .addHelpText('after', customersHelp)
    .action((file: string, options: { system: string; dryRun: boolean; encoding: CsvEncoding }) =>
      runCustomerImport(file, options),
    );
  imports
    .command('products <file>')
    .description('Create or replace products from a CSV file, streaming')
    .addOption(encodingOption())
    .addHelpText('after', productsHelp)
    .action((file: string, options: { encoding: CsvEncoding }) =>
      runImport(file, 'products', options.encoding),
    );
}

type OnProgress = (progress: { bytesRead: number; rows: number }) => void;

/**
 * The frame of every CSV import: the file must exist (exit code 1 otherwise), the command runs
 * on its target (`runCommand`), `read` streams the file with a progress bar, `print` reports
 * what it did and how fast, and a file that cannot be read or parsed is reported (exit code 1).
 */
async function importFile<Report>(
  file: string,
  command: string,
  read: (target: CommandTarget, input: Readable, onProgress: OnProgress) => Promise<Report>,
  print: (report: Report, millis: number) => Promise<void>,
): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  await runCommand(command, async (target) => {
    const progress = showImportProgress(size);
    const started = performance.now();
    try {
      const report = await read(target, createReadStream(file), (p) => progress.update(p));
      progress.stop();
      await print(report, performance.now() - started);
    } catch (error) {
      progress.stop();
      readFailure(file, error);
    }
  });
}

function runImport(
  file: string,
  what: 'categories' | 'products',
  encoding: CsvEncoding,
): Promise<void> {
  return importFile(
    file,
    `import ${what}`,
    async (target, input, onProgress) => {
      const importer = await importers[what]();
      const writer =
        target.kind === 'direct'
          ? (await import('../catalogue/catalogue-writer.ts')).directCatalogue(
              target.db,
              target.actor,
            )
          : (await import('./http-catalogue.ts')).httpCatalogue(target.api);
      return importer(writer, input, { encoding, onProgress });
    },
    (report, millis) => printReport(file, what, report, millis),
  );
}

/** Reports a file that could not be read or parsed (exit code 1); rethrows anything else. */
function readFailure(file: string, error: unknown): void {
  if (error instanceof CsvSyntaxError) {
    fail(
      `${file} line ${error.line}: not valid CSV (${error.message}); rows before it were imported`,
    );
  } else if (error instanceof PerkError && error.code === 'bad_header') {
    fail(`${file}: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).syscall) {
    fail(`Cannot read ${file}: ${(error as Error).message}`);
  } else {
    throw error;
  }
}

function wholeNumber(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new InvalidArgumentError('must be a whole number');
  return Number(text);
}

function runHistoryImport(
  file: string,
  encoding: CsvEncoding,
  options: HistoryWriteOptions,
): Promise<void> {
  return importFile(
    file,
    'import purchases',
    async (target, input, onProgress) => {
      const { importHistoryCsv } = await import('../history/import-history-csv.ts');
      const writer =
        target.kind === 'direct'
          ? (await import('../history/history-writer.ts')).directHistory(
              target.db,
              target.actor,
              target.config.defaultCountry,
            )
          : (await import('./http-history.ts')).httpHistory(target.api);
      return importHistoryCsv(writer, input, { encoding, ...options, onProgress });
    },
    (report, millis) => printHistoryReport(file, report, millis, options.accrue),
  );
}

function runCustomerImport(
  file: string,
  options: { system: string; dryRun: boolean; encoding: CsvEncoding },
): Promise<void> {
  return importFile(
    file,
    'import customers',
    async (target, input, onProgress) => {
      const { importCustomersCsv } = await import('../customer-import/import-customers-csv.ts');
      const writer =
        target.kind === 'direct'
          ? (await import('../customer-import/customer-import-writer.ts')).directCustomerImport(
              target.db,
              target.actor,
              target.config.defaultCountry,
            )
          : (await import('./http-customer-import.ts')).httpCustomerImport(target.api);
      return importCustomersCsv(writer, input, { ...options, onProgress });
    },
    async (report, millis) => {
      console.log(
        `${file} (${formatName(report.format)}): ${report.customers} customers in ${report.rows} rows — ` +
          `${report.created} ${report.dryRun ? 'to import (dry run: nothing written)' : 'imported'}, ` +
          `${report.alreadyThere} already there, ${report.openingPoints} opening points, ` +
          `${report.rejected.length} rows rejected; ` +
          `${(millis / 1000).toFixed(1)} s (${rowsPerSecond(report.rows, millis)} rows/s)`,
      );
      await writeRejected(file, report);
    },
  );
}

async function printHistoryReport(
  file: string,
  report: HistoryCsvReport,
  millis: number,
  accrue: boolean,
) {
  console.log(
    `${file} (${formatName(report.format)}): ${report.checks} checks in ${report.rows} rows — ` +
      `${report.created} imported, ${report.alreadyStored} already there, ` +
      `${report.outliers.length} outliers flagged, ${report.rejected.length} rows rejected; ` +
      `${(millis / 1000).toFixed(1)} s (${rowsPerSecond(report.rows, millis)} rows/s)`,
  );
  if (accrue) {
    console.log(
      `  points: ${report.accruedPoints} accrued on ${report.accruedChecks} checks` +
        (report.expiredPoints > 0
          ? `, of which ${report.expiredPoints} on checks so old they expired at once`
          : ''),
    );
  }
  for (const o of report.outliers.slice(0, shownRejections)) {
    console.log(
      `  outlier, line ${o.line}: check ${o.checkId} paid ${o.paidMinor} kopecks, ` +
        `${o.quantityMilli / 1000} units (${o.reasons.join(', ')} above the threshold)`,
    );
  }
  if (report.outliers.length > shownRejections) {
    console.log(`  … and ${report.outliers.length - shownRejections} more outliers`);
  }
  await writeRejected(file, report);
}

const shownRejections = 50;

async function printReport(file: string, what: string, report: ImportReport, millis: number) {
  console.log(
    `${file} (${formatName(report.format)}): ${report.accepted} ${what} accepted (${report.created} created, ` +
      `${report.updated} updated, ${report.unchanged} unchanged), ${report.rejected.length} rows rejected; ` +
      `${report.rows} rows in ${(millis / 1000).toFixed(1)} s (${rowsPerSecond(report.rows, millis)} rows/s)`,
  );
  await writeRejected(file, report);
}

const formatName = ({ encoding, delimiter }: CsvFormat) =>
  `${encoding === 'win1251' ? 'Windows-1251' : 'UTF-8'}, "${delimiter}"-delimited`;

/** Lists the first rejected rows and writes all of them to FILE.rejected.csv. */
async function writeRejected(file: string, report: RejectedRows) {
  const rejectedFile = `${file}.rejected.csv`;
  for (const row of report.rejected.slice(0, shownRejections)) {
    console.log(`  line ${row.line}: ${row.reason}`);
  }
  if (report.rejected.length > shownRejections) {
    console.log(`  … and ${report.rejected.length - shownRejections} more`);
  }
  if (report.rejected.length > 0) {
    const { rejectedRowsCsv } = await import('../catalogue/import-report.ts');
    await writeFile(rejectedFile, encodeCsvText(rejectedRowsCsv(report), report.format));
    console.log(`All rejected rows are in ${rejectedFile}`);
  } else {
    // A file left by an earlier run would describe rows that are now fine.
    await rm(rejectedFile, { force: true });
  }
}

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}
