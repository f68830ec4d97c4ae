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
 * The rows: `customer_id, recency, frequency, monetary`, and what churn risk reads of the same
 * customer's days up to `today`: `days` with a purchase, `first_day`, `last_day`.
 * The one definition of RFM, read by the segment recompute and by analytics. It reads each
 * customer's running totals (`customer_purchase_totals`, migration 0041): the days up to
 * `today` and up to the window's start are two binary searches, the window's purchases and
 * money the differences of the totals there. Merged-away profiles are left out.
 */
export function rfmScores(today: string) {
  return sql`
    WITH bounds AS (
      SELECT customer_id, days, purchases, spent_minor,
        width_bucket(${today}::date, days) AS upto,
        width_bucket(${today}::date - ${rfmWindowDays}::int, days) AS prior
      FROM customer_purchase_totals
    ), active AS (
      SELECT customer_id, upto AS days, days[1] AS first_day, days[upto] AS last_day,
        purchases[upto] - coalesce(purchases[prior], 0) AS purchases,
        spent_minor[upto] - coalesce(spent_minor[prior], 0) AS spent
      FROM bounds b
      WHERE upto > prior AND NOT EXISTS (
        SELECT 1 FROM customers c WHERE c.id = b.customer_id AND c.merged_into IS NOT NULL)
    ), ranked AS (
      SELECT customer_id, days, first_day, last_day, count(*) OVER () AS n,
        rank() OVER (ORDER BY last_day) AS r, rank() OVER (ORDER BY purchases) AS f,
        rank() OVER (ORDER BY spent) AS m
      FROM active
    )
    SELECT customer_id, (1 + (5 * (r - 1)) / n)::int AS recency,
      (1 + (5 * (f - 1)) / n)::int AS frequency, (1 + (5 * (m - 1)) / n)::int AS monetary,
      days, first_day, last_day
    FROM ranked`;
}

/** Room to sort a million customers' scores three times in memory. */
export async function planRfmScores(trx: Db): Promise<void> {
  await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
}

/**
 * Recomputes every customer's RFM scores ({@link rfmScores}) as of `today`. Customers not active
 * lose their scores. Returns how many customers were scored.
 */
export async function recomputeRfm(db: Db, today: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await planRfmScores(trx);
    await trx.deleteFrom('customer_rfm').execute();
    const result = await sql`
      INSERT INTO customer_rfm (customer_id, recency, frequency, monetary, computed_at)
      SELECT customer_id, recency, frequency, monetary, ${now}::timestamptz
      FROM (${rfmScores(today)}) scores`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  });
}
