import { sql } from 'kysely';
import type { HistoryChannel } from '../store/schema.ts';

/** Which checks a figure counts: those of [from, to), of one channel or store when given. */
export interface CheckQuery {
  from: Date;
  to: Date;
  channel?: HistoryChannel | undefined;
  storeId?: string | undefined;
}

/** Every check, live and imported, with what analytics reads of it (docs/analytics.md). */
export const everyCheck = sql`
  SELECT p.customer_id, p.store_id,
    CASE WHEN s.channel = 'pos' THEN 'offline' ELSE 'online' END AS channel,
    p.business_at,
    p.total_minor - coalesce((SELECT sum(r.refund_minor) FROM purchase_return_lines r
      WHERE r.purchase_id = p.id), 0) AS revenue_minor,
    (SELECT coalesce(sum(CASE WHEN l.weighted THEN 1 ELSE l.quantity END), 0)
      FROM purchase_lines l WHERE l.purchase_id = p.id) AS items
  FROM purchases p JOIN stores s ON s.id = p.store_id
  WHERE NOT p.cancelled
  UNION ALL
  SELECT h.customer_id, h.store_id, h.channel, h.business_at, h.paid_minor AS revenue_minor,
    (SELECT coalesce(sum(CASE WHEN l.quantity_milli % 1000 = 0 THEN l.quantity_milli / 1000
      ELSE 1 END), 0) FROM history_check_lines l WHERE l.check_id = h.check_id) AS items
  FROM history_checks h
  WHERE NOT h.outlier`;

/** The checks of `every_check` (a CTE of {@link everyCheck}) that a query chooses. */
export function chosenChecks(query: CheckQuery) {
  return sql`
    SELECT * FROM every_check
    WHERE business_at >= ${query.from} AND business_at < ${query.to} AND ${ofScope(query)}`;
}

/** The channel and store a query narrows to, whatever the time. */
export function ofScope(query: Pick<CheckQuery, 'channel' | 'storeId'>) {
  return sql`(${query.channel ?? null}::text IS NULL OR channel = ${query.channel ?? null})
      AND (${query.storeId ?? null}::text IS NULL OR store_id = ${query.storeId ?? null})`;
}
