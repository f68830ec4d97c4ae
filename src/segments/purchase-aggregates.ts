import { sql } from 'kysely';
import type { Db } from '../store/database.ts';

/**
 * Brings one customer's aggregates up to date after a purchase of theirs was committed, returned
 * or cancelled: the purchase's calendar day (programme zone `timeZone`) is recomputed from the
 * purchases of that customer on that day, and each SKU of the purchase gets the last day it was
 * bought and kept. Recomputing from the rows (index on customer and time) instead of adding
 * deltas keeps the aggregates exact under retries and returns; a return's refund counts against
 * the day of the purchase it returns, as the tier metric does. Cancelled purchases count nowhere.
 * Returns the recomputed day, or null when the purchase has no customer.
 */
export async function refreshPurchaseAggregates(
  trx: Db,
  purchaseId: string,
  timeZone: string,
): Promise<{ customerId: string; day: string } | null> {
  const purchase = await trx
    .selectFrom('purchases')
    .select([
      'customer_id',
      sql<string>`(business_at AT TIME ZONE ${timeZone})::date::text`.as('day'),
    ])
    .where('id', '=', purchaseId)
    .executeTakeFirst();
  if (!purchase?.customer_id) return null;
  const customerId = purchase.customer_id;
  await refreshDay(trx, customerId, purchase.day, timeZone);
  await refreshSkus(trx, customerId, purchaseId, timeZone);
  return { customerId, day: purchase.day };
}

async function refreshDay(trx: Db, customerId: string, day: string, timeZone: string) {
  const { rows } = await sql<{ purchase_count: number; spent_minor: number }>`
    SELECT count(*)::int AS purchase_count,
      (coalesce(sum(p.paid_minor), 0) - coalesce(sum(r.refund_minor), 0))::bigint AS spent_minor
    FROM purchases p
    LEFT JOIN LATERAL (
      SELECT sum(l.refund_minor) AS refund_minor FROM purchase_return_lines l
      WHERE l.purchase_id = p.id
    ) r ON true
    WHERE p.customer_id = ${customerId} AND NOT p.cancelled
      AND p.business_at >= (${day}::date::timestamp AT TIME ZONE ${timeZone})
      AND p.business_at < ((${day}::date + 1)::timestamp AT TIME ZONE ${timeZone})`.execute(trx);
  const totals = rows[0] ?? { purchase_count: 0, spent_minor: 0 };
  if (totals.purchase_count === 0) {
    await trx
      .deleteFrom('customer_purchase_days')
      .where('customer_id', '=', customerId)
      .where('day', '=', day)
      .execute();
    return;
  }
  const values = { purchase_count: totals.purchase_count, spent_minor: Number(totals.spent_minor) };
  await trx
    .insertInto('customer_purchase_days')
    .values({ customer_id: customerId, day, ...values })
    .onConflict((oc) => oc.columns(['customer_id', 'day']).doUpdateSet(values))
    .execute();
}

async function refreshSkus(trx: Db, customerId: string, purchaseId: string, timeZone: string) {
  const lines = await trx
    .selectFrom('purchase_lines')
    .select('sku')
    .distinct()
    .where('purchase_id', '=', purchaseId)
    .execute();
  const skus = lines.map((line) => line.sku);
  if (skus.length === 0) return;
  // A line counts as bought while some of its units were not returned.
  const { rows } = await sql<{ sku: string; last_day: string }>`
    SELECT l.sku, max((p.business_at AT TIME ZONE ${timeZone})::date)::text AS last_day
    FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
    WHERE p.customer_id = ${customerId} AND NOT p.cancelled AND l.sku = any(${skus}::text[])
      AND l.quantity > coalesce((SELECT sum(r.quantity) FROM purchase_return_lines r
        WHERE r.purchase_id = l.purchase_id AND r.line_no = l.line_no), 0)
    GROUP BY l.sku`.execute(trx);
  const kept = new Set(rows.map((row) => row.sku));
  const gone = skus.filter((sku) => !kept.has(sku));
  if (gone.length > 0) {
    await trx
      .deleteFrom('customer_skus')
      .where('customer_id', '=', customerId)
      .where('sku', 'in', gone)
      .execute();
  }
  if (rows.length === 0) return;
  await trx
    .insertInto('customer_skus')
    .values(rows.map((row) => ({ customer_id: customerId, sku: row.sku, last_day: row.last_day })))
    .onConflict((oc) =>
      oc.columns(['customer_id', 'sku']).doUpdateSet({ last_day: sql`excluded.last_day` }),
    )
    .execute();
}
