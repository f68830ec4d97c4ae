import type { Readable } from 'node:stream';
import type { Actor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import { putCategories } from './categories.ts';
import {
  checkCategoryHeader,
  type NumberedCategory,
  readCategoryRow,
  sortCategoryRows,
} from './category-row.ts';
import { readCsvRecords } from './csv-records.ts';
import type { ImportReport, RejectedRow } from './import-report.ts';

/**
 * Imports a categories CSV (`id,name,parent_id`; empty parent_id: a root). A category tree is
 * small, so the rows are read whole and the acceptable ones stored in one transaction; rows
 * refused (see `sortCategoryRows`) are reported with their line. Throws for a bad header
 * (`bad_header`), a `CsvSyntaxError`, or an unreadable input, storing nothing.
 */
export async function importCategories(
  db: Db,
  actor: Actor,
  input: Readable,
  onBytes?: (bytesRead: number) => void,
): Promise<ImportReport> {
  const rows: NumberedCategory[] = [];
  const rejected: RejectedRow[] = [];
  const valuesOfLine = new Map<number, string[]>();
  let header: string[] | undefined;
  for await (const { line, values } of readCsvRecords(input, onBytes)) {
    if (!header) {
      checkCategoryHeader(values);
      header = values;
      continue;
    }
    valuesOfLine.set(line, values);
    const row = readCategoryRow(values);
    if (typeof row === 'string') rejected.push({ line, reason: row, values });
    else rows.push({ ...row, line });
  }
  if (!header) checkCategoryHeader([]);
  const stored = await db.selectFrom('categories').select(['id', 'parent_id']).execute();
  const sorted = sortCategoryRows(
    stored.map((c) => ({ id: c.id, parentId: c.parent_id })),
    rows,
  );
  for (const { line, reason } of sorted.rejected) {
    rejected.push({ line, reason, values: valuesOfLine.get(line) ?? [] });
  }
  const categories = sorted.accepted.map(({ id, name, parentId }) => ({ id, name, parentId }));
  const summary = await putCategories(db, actor, categories);
  return {
    header: header ?? [],
    accepted: categories.length,
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    rejected: rejected.sort((a, b) => a.line - b.line),
  };
}
