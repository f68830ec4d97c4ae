import type { Db } from '../store/database.ts';
import { findSeries } from './coupon-series.ts';

const PAGE = 10_000;

/**
 * The codes of a series as CSV lines (`code,customer_id,uses,max_uses,issued_at`), read page by
 * page in code order (keyset, not OFFSET), so a million codes stream in constant memory on either
 * driver. Checks the series before the first line: 404 `coupon_series_not_found`.
 */
export async function couponCodesCsv(db: Db, seriesId: string): Promise<AsyncGenerator<string>> {
  await findSeries(db, seriesId);
  return lines(db, seriesId);
}

async function* lines(db: Db, seriesId: string): AsyncGenerator<string> {
  yield 'code,customer_id,uses,max_uses,issued_at\n';
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('coupons')
      .select(['code', 'customer_id', 'uses', 'max_uses', 'issued_at'])
      .where('series_id', '=', seriesId)
      .where('code', '>', after)
      .orderBy('code')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    // Codes and ids hold only [A-Z0-9-], so no field needs quoting.
    yield rows
      .map(
        (r) =>
          `${r.code},${r.customer_id ?? ''},${r.uses},${r.max_uses ?? ''},${r.issued_at?.toISOString() ?? ''}\n`,
      )
      .join('');
    after = (rows[rows.length - 1] as { code: string }).code;
  }
}
