import { sql } from 'kysely';
import type { Db } from '../store/database.ts';

/**
 * Brings one customer's aggregates up to date after a purchase of theirs was committed, returned
 * or cancelled: the purchase's calendar day (programme zone `timeZone`) is recomputed from the
 * purchases of that customer on that day, and each SKU of the purchase gets the last day it was
 * bought and kept. Recomputing from the rows (index on customer and time) instead of adding
 * deltas keeps the aggregates exact under retries and returns; a return's refund counts against
 * the day of the purchase it returns, as the tier metric does. Cancelled purchases count nowhere.
 * Imported history checks (not outliers) count with the live purchases.
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
  await refreshCustomerDays(trx, [{ customerId, day: purchase.day }], timeZone);
  const lines = await trx
    .selectFrom('purchase_lines')
    .select('sku')
    .distinct()
    .where('purchase_id', '=', purchaseId)
    .execute();
  await refreshCustomerSkus(
    trx,
    lines.map((line) => ({ customerId, sku: line.sku })),
    timeZone,
  );
  return { customerId, day: purchase.day };
}

/**
 * Recomputes the given customers' days (`YYYY-MM-DD` in the programme zone `timeZone`) from the
 * rows, in one statement for all of them: purchases not cancelled, net of the refunds on them,
 * plus imported history checks that are not outliers. A day left with no purchase is removed.
 */
export async function refreshCustomerDays(
  trx: Db,
  pairs: readonly { customerId: string; day: string }[],
  timeZone: string,
): Promise<void> {
  if (pairs.length === 0) return;
  const { rows } = await sql<{ customer_id: string; day: string; purchase_count: number }>`
    WITH pairs AS (
      SELECT DISTINCT k.customer_id, k.day,
        (k.day::timestamp AT TIME ZONE ${timeZone}) AS starts,
        ((k.day + 1)::timestamp AT TIME ZONE ${timeZone}) AS ends
      FROM unnest(${pairs.map((p) => p.customerId)}::uuid[], ${pairs.map((p) => p.day)}::date[])
        AS k (customer_id, day)
    ), totals AS (
      SELECT k.customer_id, k.day, (live.n + past.n)::int AS purchase_count,
        (live.spent + past.spent)::bigint AS spent_minor
      FROM pairs k
      CROSS JOIN LATERAL (
        SELECT count(*) AS n,
          coalesce(sum(p.paid_minor), 0) - coalesce(sum((SELECT sum(l.refund_minor)
            FROM purchase_return_lines l WHERE l.purchase_id = p.id)), 0) AS spent
        FROM purchases p
        WHERE p.customer_id = k.customer_id AND NOT p.cancelled
          AND p.business_at >= k.starts AND p.business_at < k.ends
      ) live
      CROSS JOIN LATERAL (
        SELECT count(*) AS n, coalesce(sum(h.paid_minor), 0) AS spent
        FROM history_checks h
        WHERE h.customer_id = k.customer_id AND NOT h.outlier
          AND h.business_at >= k.starts AND h.business_at < k.ends
      ) past
    ), upserted AS (
      INSERT INTO customer_purchase_days (customer_id, day, spent_minor, purchase_count)
      SELECT customer_id, day, spent_minor, purchase_count FROM totals WHERE purchase_count > 0
      ON CONFLICT (customer_id, day) DO UPDATE
        SET spent_minor = excluded.spent_minor, purchase_count = excluded.purchase_count
    )
    SELECT customer_id, day::text AS day, purchase_count FROM totals`.execute(trx);
  const empty = rows.filter((row) => row.purchase_count === 0);
  if (empty.length === 0) return;
  await sql`
    DELETE FROM customer_purchase_days d
    USING unnest(${empty.map((r) => r.customer_id)}::uuid[], ${empty.map((r) => r.day)}::date[])
      AS k (customer_id, day)
    WHERE d.customer_id = k.customer_id AND d.day = k.day`.execute(trx);
}

/**
 * Recomputes the last day (programme zone) each given customer bought and kept each given SKU,
 * over live purchase lines with units not all returned and imported lines of checks that are
 * not outliers, in two statements; a SKU no longer bought is removed.
 */
export async function refreshCustomerSkus(
  trx: Db,
  pairs: readonly { customerId: string; sku: string }[],
  timeZone: string,
): Promise<void> {
  if (pairs.length === 0) return;
  const { rows } = await sql<{ customer_id: string; sku: string; last_day: string | null }>`
    WITH pairs AS (
      SELECT DISTINCT k.customer_id, k.sku
      FROM unnest(${pairs.map((p) => p.customerId)}::uuid[], ${pairs.map((p) => p.sku)}::text[])
        AS k (customer_id, sku)
    ), latest AS (
      SELECT k.customer_id, k.sku, greatest(
        (SELECT max(p.business_at) FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
          WHERE p.customer_id = k.customer_id AND NOT p.cancelled AND l.sku = k.sku
            AND l.quantity > coalesce((SELECT sum(r.quantity) FROM purchase_return_lines r
              WHERE r.purchase_id = l.purchase_id AND r.line_no = l.line_no), 0)),
        (SELECT max(h.business_at) FROM history_checks h
          JOIN history_check_lines l ON l.check_id = h.check_id
          WHERE h.customer_id = k.customer_id AND NOT h.outlier AND l.sku = k.sku)
      ) AS last_at
      FROM pairs k
    ), upserted AS (
      INSERT INTO customer_skus (customer_id, sku, last_day)
      SELECT customer_id, sku, (last_at AT TIME ZONE ${timeZone})::date FROM latest
      WHERE last_at IS NOT NULL
      ON CONFLICT (customer_id, sku) DO UPDATE SET last_day = excluded.last_day
    )
    SELECT customer_id, sku, last_at::text AS last_day FROM latest`.execute(trx);
  const gone = rows.filter((row) => row.last_day === null);
  if (gone.length === 0) return;
  await sql`
    DELETE FROM customer_skus s
    USING unnest(${gone.map((r) => r.customer_id)}::uuid[], ${gone.map((r) => r.sku)}::text[])
      AS k (customer_id, sku)
    WHERE s.customer_id = k.customer_id AND s.sku = k.sku`.execute(trx);
}

/**
 * Adds new checks to their customers' aggregates in two statements, without reading the checks
 * back: each (customer, day) gains its checks and money, each (customer, SKU) keeps the later of
 * its stored day and the new one. Exact only for checks just written in this transaction (as a
 * history import's are): a change to a stored check recomputes instead.
 */
export async function addToCustomerAggregates(
  trx: Db,
  checks: readonly {
    customerId: string;
    day: string;
    paidMinor: number;
    skus: readonly string[];
  }[],
): Promise<void> {
  if (checks.length === 0) return;
  await sql`
    INSERT INTO customer_purchase_days AS d (customer_id, day, spent_minor, purchase_count)
    SELECT customer_id, day, sum(paid), count(*)
    FROM unnest(${checks.map((c) => c.customerId)}::uuid[], ${checks.map((c) => c.day)}::date[],
      ${checks.map((c) => c.paidMinor)}::bigint[]) AS k (customer_id, day, paid)
    GROUP BY customer_id, day
    ON CONFLICT (customer_id, day) DO UPDATE
      SET spent_minor = d.spent_minor + excluded.spent_minor,
        purchase_count = d.purchase_count + excluded.purchase_count`.execute(trx);
  const bought = checks.flatMap((c) => c.skus.map((sku) => [c.customerId, sku, c.day] as const));
  await sql`
    INSERT INTO customer_skus AS s (customer_id, sku, last_day)
    SELECT customer_id, sku, max(day)
    FROM unnest(${bought.map((b) => b[0])}::uuid[], ${bought.map((b) => b[1])}::text[],
      ${bought.map((b) => b[2])}::date[]) AS k (customer_id, sku, day)
    GROUP BY customer_id, sku
    ON CONFLICT (customer_id, sku) DO UPDATE SET last_day = greatest(s.last_day, excluded.last_day)`.execute(
    trx,
  );
}
