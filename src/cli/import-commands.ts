import { createReadStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { type Actor, commandLineActor } from '../access/actor.ts';
import { CsvSyntaxError } from '../catalogue/csv-records.ts';
import { importCategories } from '../catalogue/import-categories.ts';
import { importProducts } from '../catalogue/import-products.ts';
import { type ImportReport, rejectedRowsCsv } from '../catalogue/import-report.ts';
import { readConfig } from '../config.ts';
import { PerkError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { openConfiguredDatabase } from '../store/open-configured.ts';

type Importer = (
  db: Db,
  actor: Actor,
  input: Readable,
  onBytes: (bytesRead: number) => void,
) => Promise<ImportReport>;

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
FILE.rejected.csv. Exit code 0 when the file was processed, 1 when it could not be read.`;

const categoriesHelp = `
Columns (header row required): id,name,parent_id
  id         category code: A-Z a-z 0-9 . _ : - (up to 100)
  name       category name
  parent_id  id of the parent (in the file or stored already); empty for a top category
Rows with an unknown parent, a cycle or a repeated id are rejected with their line number.`;

/**
 * `perk import categories FILE.csv` and `perk import products FILE.csv`: exit code 0 when the
 * file was processed (even with rejected rows), 1 when it could not be read or its header is wrong.
 */
export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('Load the catalogue from CSV files');
  imports
    .command('categories <file>')
    .description('Create or replace categories from a CSV file')
    .addHelpText('after', categoriesHelp)
    .action((file: string) => runImport(file, 'categories', importCategories));
  imports
    .command('products <file>')
    .description('Create or replace products from a CSV file, streaming')
    .addHelpText('after', productsHelp)
    .action((file: string) => runImport(file, 'products', importProducts));
}

async function runImport(file: string, what: string, importer: Importer): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr }) : undefined;
  const db = await openConfiguredDatabase(readConfig());
  const started = performance.now();
  try {
    bar?.start(size, 0);
    const report = await importer(db, commandLineActor, createReadStream(file), (bytes) =>
      bar?.update(bytes),
    );
    bar?.stop();
    const seconds = (performance.now() - started) / 1000;
    await printReport(file, what, report, seconds);
  } catch (error) {
    bar?.stop();
    if (error instanceof CsvSyntaxError) {
      return fail(
        `${file} line ${error.line}: not valid CSV (${error.message}); rows before it were imported`,
      );
    }
    if (error instanceof PerkError) return fail(`${file}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).syscall)
      return fail(`Cannot read ${file}: ${(error as Error).message}`);
    throw error;
  } finally {
    await db.destroy();
  }
}

const shownRejections = 50;

async function printReport(file: string, what: string, report: ImportReport, seconds: number) {
  const rejectedFile = `${file}.rejected.csv`;
  console.log(
    `${file}: ${report.accepted} ${what} accepted (${report.created} created, ${report.updated} updated, ` +
      `${report.unchanged} unchanged), ${report.rejected.length} rows rejected, in ${seconds.toFixed(1)} s`,
  );
  for (const row of report.rejected.slice(0, shownRejections)) {
    console.log(`  line ${row.line}: ${row.reason}`);
  }
  if (report.rejected.length > shownRejections) {
    console.log(`  … and ${report.rejected.length - shownRejections} more`);
  }
  if (report.rejected.length > 0) {
    await writeFile(rejectedFile, rejectedRowsCsv(report));
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
