import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { CouponFacts } from './coupon-check.ts';

/**
 * The facts of the given normalised codes in one query: code, series and this customer's
 * unreleased redemptions of the code (for per-customer limits). With `lock`, the coupon
 * rows are locked in code order (`FOR UPDATE OF coupons`), so concurrent commits of one code
 * queue here and read the uses left by the one before them.
 */
export async function loadCouponFacts(
  db: Kysely<Database>,
  codes: readonly string[],
  customerId: string | null,
  lock = false,
): Promise<Map<string, CouponFacts & { seriesId: string; releaseOnCancel: boolean }>> {
  if (codes.length === 0) return new Map();
  let query = db
    .selectFrom('coupons as c')
    .innerJoin('coupon_series as s', 's.id', 'c.series_id')
    .select([
      'c.code',
      'c.uses',
      'c.max_uses',
      'c.customer_id',
      's.id as series_id',
      's.promotion_id',
      's.per_customer_uses',
      's.valid_from',
      's.valid_to',
      's.store_ids',
      's.release_on_cancel',
    ])
    .select((eb) =>
      eb
        .selectFrom('coupon_redemptions as r')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('r.code', '=', 'c.code')
        .where('r.customer_id', '=', customerId)
        .where('r.released_at', 'is', null)
        .as('customer_uses'),
    )
    .where('c.code', 'in', [...codes])
    .orderBy('c.code');
  if (lock) query = query.forUpdate('c');
  const rows = await query.execute();
  // After waiting for a lock, count again in a statement of its own: the subquery kept the
  // snapshot from before the wait and misses redemptions the transaction ahead committed.
  const customerUses = lock
    ? await countCustomerUses(db, rows, customerId)
    : new Map(rows.map((row) => [row.code, Number(row.customer_uses ?? 0)]));
  return new Map(
    rows.map((row) => [
      row.code,
      {
        code: row.code,
        seriesId: row.series_id,
        promotionId: row.promotion_id,
        uses: row.uses,
        maxUses: row.max_uses,
        boundCustomerId: row.customer_id,
        perCustomerUses: row.per_customer_uses,
        customerUses: customerUses.get(row.code) ?? 0,
        validFrom: row.valid_from,
        validTo: row.valid_to,
        storeIds: row.store_ids,
        releaseOnCancel: row.release_on_cancel,
      },
    ]),
  );
}

async function countCustomerUses(
  db: Kysely<Database>,
  rows: readonly { code: string; per_customer_uses: number | null }[],
  customerId: string | null,
): Promise<Map<string, number>> {
  const limited = rows.filter((row) => row.per_customer_uses !== null).map((row) => row.code);
  if (customerId === null || limited.length === 0) return new Map();
  const counts = await db
    .selectFrom('coupon_redemptions')
    .select(['code', (eb) => eb.fn.countAll<number>().as('uses')])
    .where('code', 'in', limited)
    .where('customer_id', '=', customerId)
    .where('released_at', 'is', null)
    .groupBy('code')
    .execute();
  return new Map(counts.map((row) => [row.code, Number(row.uses)]));
}
