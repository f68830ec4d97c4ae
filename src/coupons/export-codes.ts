import type { Selectable } from 'kysely';
import { notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { CouponsTable } from '../store/schema.ts';
import { findSeries } from './coupon-series.ts';

const PAGE = 10_000;
const HEADER = 'code,customer_id,uses,max_uses,issued_at,batch_id\n';

type CodeRow = Omit<Selectable<CouponsTable>, 'series_id'>;

/**
 * The codes of a series as CSV lines (`code,customer_id,uses,max_uses,issued_at,batch_id`), or
 * only the codes batch `batchId` made. Read page by page in code order within a batch (keyset on
 * the (series_id, batch_id, code) index, not OFFSET), so a million codes stream in constant
 * memory on either driver; a whole series comes batch by batch in batch id order, then the codes
 * no batch made (issued to a customer, the promo code, generated before batches were recorded).
 * Checks before the first line: 404 `coupon_series_not_found`, `coupon_batch_not_found` (field
 * `/batchId`).
 */
export async function couponCodesCsv(
  db: Db,
  seriesId: string,
  batchId?: string,
): Promise<AsyncGenerator<string>> {
  await findSeries(db, seriesId);
  if (batchId === undefined) return seriesLines(db, seriesId);
  if ((await nextBatch(db, seriesId, batchId, '>=')) !== batchId) {
    throw notFound(
      'coupon_batch_not_found',
      `No codes of batch "${batchId}" in coupon series "${seriesId}"`,
      '/batchId',
    );
  }
  return batchLines(db, seriesId, batchId);
}

async function* seriesLines(db: Db, seriesId: string): AsyncGenerator<string> {
  yield HEADER;
  let batchId = await nextBatch(db, seriesId, '', '>=');
  while (batchId !== undefined) {
    yield* pages(db, seriesId, batchId);
    batchId = await nextBatch(db, seriesId, batchId, '>');
  }
  yield* pages(db, seriesId, null);
}

async function* batchLines(db: Db, seriesId: string, batchId: string): AsyncGenerator<string> {
  yield HEADER;
  yield* pages(db, seriesId, batchId);
}

/** The series' first batch id from `from` on (`>=`) or after it (`>`): one index probe. */
async function nextBatch(
  db: Db,
  seriesId: string,
  from: string,
  operator: '>' | '>=',
): Promise<string | undefined> {
  const row = await db
    .selectFrom('coupons')
    .select('batch_id')
    .where('series_id', '=', seriesId)
    .where('batch_id', operator, from)
    .orderBy('batch_id')
    .limit(1)
    .executeTakeFirst();
  return row?.batch_id ?? undefined;
}

/** The codes of one batch (`null`: of none), a page of lines at a time. */
async function* pages(db: Db, seriesId: string, batchId: string | null): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('coupons')
      .select(['code', 'customer_id', 'uses', 'max_uses', 'issued_at', 'batch_id'])
      .where('series_id', '=', seriesId)
      .where('batch_id', batchId === null ? 'is' : '=', batchId)
      .where('code', '>', after)
      // Ordered by batch_id too, though it is fixed: for `batch_id IS NULL` the planner does not
      // take the index's order for code order, and would walk the codes of every series instead.
      .orderBy('batch_id')
      .orderBy('code')
      .limit(PAGE)
      .execute();
    if (rows.length > 0) yield rows.map(csvLine).join('');
    if (rows.length < PAGE) return;
    after = (rows[rows.length - 1] as CodeRow).code;
  }
}

// Codes, customer ids and batch ids hold only [A-Za-z0-9._:-] (the API's patterns), so no field
// needs quoting.
const csvLine = (r: CodeRow) =>
  `${r.code},${r.customer_id ?? ''},${r.uses},${r.max_uses ?? ''},${r.issued_at?.toISOString() ?? ''},${r.batch_id ?? ''}\n`;
