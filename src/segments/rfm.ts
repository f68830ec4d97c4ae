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
 * The one definition of RFM, read by the segment recompute and by analytics.
 *
 * It reads each customer's running totals (`customer_purchase_totals`, migration 0041): the
 * days up to `today` and up to the window's start are two binary searches, the window's
 * purchases and money the differences of the totals there. Merged-away profiles are left out.
 * Rather than three window sorts of every active customer's row, each measure is sorted alone
 * to find its four cut values: `rank − 1` (the values below v) reaches `⌈k·n/5⌉` exactly when
 * the value at that position of the ascending order is below v, so a score is one plus the
 * number of cuts below the value.
 */
export function rfmScores(today: string) {
  const cutsOf = (values: string) =>
    sql.raw(`ARRAY[${[1, 2, 3, 4].map((k) => `${values}[(${k} * n + 4) / 5]`).join(', ')}]`);
  return sql`
    WITH active AS MATERIALIZED (
      SELECT customer_id, upto AS days, days[1] AS first_day, days[upto] AS last_day,
        purchases[upto] - coalesce(purchases[prior], 0) AS purchases,
        spent_minor[upto] - coalesce(spent_minor[prior], 0) AS spent
      FROM (
        SELECT customer_id, days, purchases, spent_minor,
          width_bucket(${today}::date, days) AS upto,
          width_bucket(${today}::date - ${rfmWindowDays}::int, days) AS prior
        FROM customer_purchase_totals
      ) t
      WHERE upto > prior AND NOT EXISTS (
        SELECT 1 FROM customers c WHERE c.id = t.customer_id AND c.merged_into IS NOT NULL)
    ), cuts AS MATERIALIZED (
      SELECT ${cutsOf('r')} AS r, ${cutsOf('f')} AS f, ${cutsOf('m')} AS m
      FROM (
        SELECT count(*) AS n, array_agg(last_day ORDER BY last_day) AS r,
          array_agg(purchases ORDER BY purchases) AS f, array_agg(spent ORDER BY spent) AS m
        FROM active
      ) sorted
    )
    SELECT customer_id, 1 + width_bucket(a.last_day - 1, cuts.r) AS recency,
      1 + width_bucket(a.purchases - 1, cuts.f) AS frequency,
      1 + width_bucket(a.spent - 1, cuts.m) AS monetary, days, first_day, last_day
    FROM active a, cuts`;
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
