import type { Readable } from 'node:stream';
import { openCsvImport } from '../csv/csv-records.ts';
import type { CatalogueWriter } from './catalogue-writer.ts';
import {
  checkCategoryHeader,
  type NumberedCategory,
  readCategoryRow,
  sortCategoryRows,
} from './category-row.ts';
import type { CatalogueRejectedRow, ImportOptions, ImportReport } from './import-report.ts';

/**
 * Imports a categories CSV (`id,name,parent_id`; empty parent_id: a root). A category tree is
 * small, so the rows are read whole and the acceptable ones stored in one batch; rows refused
 * (see `sortCategoryRows`) are reported with their line. Throws for a bad header
 * (`bad_header`), a `CsvSyntaxError`, or an unreadable input, storing nothing.
 */
export async function importCategories(
  writer: CatalogueWriter,
  input: Readable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const rows: NumberedCategory[] = [];
  const rejected: CatalogueRejectedRow[] = [];
  const valuesOfLine = new Map<number, string[]>();
  const csv = await openCsvImport(input, options.encoding);
  checkCategoryHeader(csv.header);
  for await (const { line, values } of csv.records) {
    valuesOfLine.set(line, values);
    const row = readCategoryRow(values);
    if ('reason' in row) rejected.push({ line, ...row, values });
    else rows.push({ ...row, line });
    options.onProgress?.({ bytesRead: csv.bytesRead(), rows: valuesOfLine.size });
  }
  const sorted = sortCategoryRows(await writer.categoryLinks(), rows);
  for (const refused of sorted.rejected) {
    rejected.push({ ...refused, values: valuesOfLine.get(refused.line) ?? [] });
  }
  const categories = sorted.accepted.map(({ id, name, parentId }) => ({ id, name, parentId }));
  const summary = await writer.putCategories(categories);
  return {
    header: csv.header,
    format: csv.format(),
    rows: valuesOfLine.size,
    accepted: categories.length,
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    rejected: rejected.sort((a, b) => a.line - b.line),
  };
}
