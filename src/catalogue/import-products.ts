import type { Readable } from 'node:stream';
import { type CsvRecord, openCsvImport } from '../csv/csv-records.ts';
import { PerkError } from '../errors.ts';
import type { CatalogueWriter } from './catalogue-writer.ts';
import type { CatalogueRejectedRow, ImportOptions, ImportReport } from './import-report.ts';
import type { Product } from './product.ts';
import { type ProductHeader, parseProductHeader, parseProductRow } from './product-row.ts';

/** Rows per write: one transaction and one audit row each, and one API call through a server. */
const chunkSize = 1000;

interface NumberedProduct {
  product: Product;
  record: CsvRecord;
}

/**
 * Imports a products CSV (see `productColumns`), streaming: good rows are stored in chunks of
 * 1 000; bad rows are reported with their line. A row naming an unknown category is refused;
 * when a SKU repeats, the first row wins and later ones are refused, so the file's mistake is
 * shown, not hidden. A row the writer refuses (e.g. its category was deleted meanwhile) is
 * reported and the rest of its chunk stored. Throws for a bad header (`bad_header`), a
 * `CsvSyntaxError`, or an unreadable input; chunks stored before that stay stored (importing
 * the fixed file again is harmless).
 */
export async function importProducts(
  writer: CatalogueWriter,
  input: Readable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const csv = await openCsvImport(input, options.encoding);
  const { records, header: headerValues } = csv;
  const header = parseProductHeader(headerValues);
  const report: ImportReport = {
    header: headerValues,
    format: csv.format(),
    rows: 0,
    accepted: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
  };
  const categories = new Set((await writer.categoryLinks()).map((c) => c.id));
  const firstLineOfSku = new Map<string, number>();
  let chunk: NumberedProduct[] = [];
  for await (const record of records) {
    report.rows++;
    const row = acceptRow(header, record, categories, firstLineOfSku);
    if (!row.ok) {
      report.rejected.push({ line: record.line, ...row.refusal, values: record.values });
    } else {
      chunk.push({ product: row.product, record });
      if (chunk.length === chunkSize) {
        await storeChunk(writer, chunk, report);
        chunk = [];
      }
    }
    options.onProgress?.({ bytesRead: csv.bytesRead(), rows: report.rows });
  }
  if (chunk.length > 0) await storeChunk(writer, chunk, report);
  report.format = csv.format();
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

type Acceptance =
  | { ok: true; product: Product }
  | { ok: false; refusal: { code: string; reason: string } };

const refuse = (code: string, reason: string): Acceptance => ({
  ok: false,
  refusal: { code, reason },
});

/** The product of a row, or why it is refused. */
function acceptRow(
  header: ProductHeader,
  record: CsvRecord,
  categories: ReadonlySet<string>,
  firstLineOfSku: Map<string, number>,
): Acceptance {
  const row = parseProductRow(header, record.values);
  if (!row.ok) return refuse(row.code, row.reason);
  const { product } = row;
  if (product.categoryId !== null && !categories.has(product.categoryId)) {
    return refuse('unknown_category', `category_id: no category "${product.categoryId}"`);
  }
  const firstLine = firstLineOfSku.get(product.sku);
  if (firstLine !== undefined) {
    return refuse('repeated_sku', `sku: "${product.sku}" repeats line ${firstLine}`);
  }
  firstLineOfSku.set(product.sku, record.line);
  return { ok: true, product };
}

/** Stores a chunk; rows the writer refuses by index are reported and the others sent again. */
async function storeChunk(
  writer: CatalogueWriter,
  chunk: readonly NumberedProduct[],
  report: ImportReport,
): Promise<void> {
  let rows = chunk;
  while (rows.length > 0) {
    try {
      const summary = await writer.upsertProducts(rows.map((r) => r.product));
      report.accepted += rows.length;
      report.created += summary.created;
      report.updated += summary.updated;
      report.unchanged += summary.unchanged;
      return;
    } catch (error) {
      const refused = refusedRows(error, rows);
      if (!refused) throw error;
      report.rejected.push(...refused.values());
      rows = rows.filter((_, index) => !refused.has(index));
    }
  }
}

const columnOfField: Record<string, string> = {
  categoryId: 'category_id',
  minPriceMinor: 'min_price_minor',
  noDiscount: 'no_discount',
  noPointsPayment: 'no_points_payment',
  noAccrual: 'no_accrual',
};

/** The rows a refusal names, with reasons by CSV column; null when it names no row. */
function refusedRows(
  error: unknown,
  rows: readonly NumberedProduct[],
): Map<number, CatalogueRejectedRow> | null {
  if (!(error instanceof PerkError) || error.problems.length === 0) return null;
  const refused = new Map<number, CatalogueRejectedRow>();
  for (const problem of error.problems) {
    const match = /^\/products\/(\d+)(?:\/([^/]+)(?:\/(.+))?)?$/.exec(problem.field);
    const row = match ? rows[Number(match[1])] : undefined;
    if (!match || !row) return null;
    const [, , field = '', key] = match;
    const column = field === 'attributes' && key ? `attr:${key}` : (columnOfField[field] ?? field);
    const reason = column ? `${column}: ${problem.message}` : problem.message;
    const known = refused.get(Number(match[1]));
    if (known) known.reason += `; ${reason}`;
    else {
      const { line, values } = row.record;
      refused.set(Number(match[1]), { line, code: problem.code, reason, values });
    }
  }
  return refused;
}
