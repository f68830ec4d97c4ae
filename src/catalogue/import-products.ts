import type { Readable } from 'node:stream';
import type { Actor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import { type CsvRecord, readCsvRecords } from './csv-records.ts';
import type { ImportReport } from './import-report.ts';
import type { Product } from './product.ts';
import { type ProductHeader, parseProductHeader, parseProductRow } from './product-row.ts';
import { upsertProducts } from './products.ts';

const chunkSize = 1000;

/**
 * Imports a products CSV (see `productColumns`), streaming: each good row is stored in chunks of
 * 1 000 through `upsertProducts` (one transaction and one audit row per chunk); bad rows are
 * reported with their line. A row naming an unknown category is refused; when a SKU repeats, the
 * first row wins and later ones are refused, so the file's mistake is shown, not hidden.
 * Throws for a bad header (`bad_header`), a `CsvSyntaxError`, or an unreadable input; chunks
 * stored before that stay stored (importing the fixed file again is harmless).
 */
export async function importProducts(
  db: Db,
  actor: Actor,
  input: Readable,
  onBytes?: (bytesRead: number) => void,
): Promise<ImportReport> {
  const records = readCsvRecords(input, onBytes);
  const first = await records.next();
  const headerValues = first.done ? [] : first.value.values;
  const header = parseProductHeader(headerValues);
  const report: ImportReport = {
    header: headerValues,
    accepted: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
  };
  const categories = new Set(
    (await db.selectFrom('categories').select('id').execute()).map((c) => c.id),
  );
  const firstLineOfSku = new Map<string, number>();
  let chunk: Product[] = [];
  const flush = async () => {
    const summary = await upsertProducts(db, actor, chunk);
    report.accepted += chunk.length;
    report.created += summary.created;
    report.updated += summary.updated;
    report.unchanged += summary.unchanged;
    chunk = [];
  };
  for await (const record of records) {
    const reason = acceptRow(header, record, categories, firstLineOfSku);
    if (typeof reason === 'string') {
      report.rejected.push({ line: record.line, reason, values: record.values });
      continue;
    }
    chunk.push(reason);
    if (chunk.length === chunkSize) await flush();
  }
  if (chunk.length > 0) await flush();
  return report;
}

/** The product of a row, or why it is refused. */
function acceptRow(
  header: ProductHeader,
  record: CsvRecord,
  categories: ReadonlySet<string>,
  firstLineOfSku: Map<string, number>,
): Product | string {
  const row = parseProductRow(header, record.values);
  if (!row.ok) return row.reason;
  const { product } = row;
  if (product.categoryId !== null && !categories.has(product.categoryId)) {
    return `category_id: no category "${product.categoryId}"`;
  }
  const firstLine = firstLineOfSku.get(product.sku);
  if (firstLine !== undefined) return `sku: "${product.sku}" repeats line ${firstLine}`;
  firstLineOfSku.set(product.sku, record.line);
  return product;
}
