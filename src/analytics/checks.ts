import { sql } from 'kysely';
import type { HistoryChannel } from '../store/schema.ts';

/** Which checks a figure counts: those of [from, to), of one channel or store when given. */
export interface CheckQuery {
  from: Date;
  to: Date;
  channel?: HistoryChannel | undefined;
  storeId?: string | undefined;
}

/**
 * Every check, live and imported, with what analytics reads of it: the rows of `analytics_checks`,
 * which triggers keep equal to the query docs/analytics.md gives over the purchases and imports.
 */
export const everyCheck = sql`
  SELECT customer_id, store_id, channel, business_at, revenue_minor, items FROM analytics_checks`;

/** The checks a query chooses. */
export function chosenChecks(query: CheckQuery) {
  return sql`
    SELECT customer_id, store_id, channel, business_at, revenue_minor, items FROM analytics_checks
    WHERE business_at >= ${query.from} AND business_at < ${query.to} AND ${ofScope(query)}`;
}

/** The channel and store a query narrows to, whatever the time. */
export function ofScope(query: Pick<CheckQuery, 'channel' | 'storeId'>) {
  return sql`(${query.channel ?? null}::text IS NULL OR channel = ${query.channel ?? null})
      AND (${query.storeId ?? null}::text IS NULL OR store_id = ${query.storeId ?? null})`;
}
