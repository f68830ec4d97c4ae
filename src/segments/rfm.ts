import { sql } from 'kysely';
import type { Db } from '../store/database.ts';

/** RFM looks at the customers who bought in the last this many days (programme zone). */
export const rfmWindowDays = 365;

/**
 * Every customer's RFM scores on the programme's day `today` (`YYYY-MM-DD`), integers 1..5, as
 * quintiles over the customers active in the {@link rfmWindowDays}-day window ending that day:
 * recency by the last purchase day, frequency by purchases, monetary by money spent (net of
 * returns), each in the window. A score is `1 + floor(5 × (rank − 1) / n)` with `rank()`
 * ascending, so ties share a score and with distinct values each score holds exactly a fifth.
 * The rows: `customer_id, recency, frequency, monetary`. The one definition of RFM, read by the
 * segment recompute and by analytics.
 */
export function rfmScores(today: string) {
  return sql`
    WITH active AS (
      SELECT d.customer_id, max(d.day) AS last_day, sum(d.purchase_count) AS purchases,
        sum(d.spent_minor) AS spent
      FROM customer_purchase_days d
      JOIN customers c ON c.id = d.customer_id AND c.merged_into IS NULL
      WHERE d.day > ${today}::date - ${rfmWindowDays}::int AND d.day <= ${today}::date
        AND d.purchase_count > 0
      GROUP BY d.customer_id
    ), ranked AS (
      SELECT customer_id, count(*) OVER () AS n,
        rank() OVER (ORDER BY last_day) AS r, rank() OVER (ORDER BY purchases) AS f,
        rank() OVER (ORDER BY spent) AS m
      FROM active
    )
    SELECT customer_id, (1 + (5 * (r - 1)) / n)::int AS recency,
      (1 + (5 * (f - 1)) / n)::int AS frequency, (1 + (5 * (m - 1)) / n)::int AS monetary
    FROM ranked`;
}

/**
 * Recomputes every customer's RFM scores ({@link rfmScores}) as of `today`. Customers not active
 * lose their scores. Returns how many customers were scored.
 */
export async function recomputeRfm(db: Db, today: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('customer_rfm').execute();
    const result = await sql`
      INSERT INTO customer_rfm (customer_id, recency, frequency, monetary, computed_at)
      SELECT customer_id, recency, frequency, monetary, ${now}::timestamptz
      FROM (${rfmScores(today)}) scores`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  });
}
