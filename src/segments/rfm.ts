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
 *
 * What it costs (bench/RESULTS.md, seventh session): the two searches run once a customer behind
 * an `OFFSET 0` fence, over one copy of the days (`|| '{}'`); inline, the planner wrote them into
 * each of the six expressions that use them, and each read copied (detoasted) the short array
 * again. A score is a `CASE` over the four cuts as plain columns, not a `width_bucket` over an
 * array (three function calls a customer). Together these took a fifth off the query's CPU on
 * ten million checks.
 */
export function rfmScores(today: string) {
  const cutsOf = (values: string, measure: string) =>
    sql.raw([1, 2, 3, 4].map((k) => `${values}[(${k} * n + 4) / 5] AS ${measure}${k}`).join(', '));
  // One plus the number of cuts below the value; the cuts ascend, so the first below it counts.
  const scoreOf = (value: string, measure: string) =>
    sql.raw(
      `CASE ${[4, 3, 2, 1].map((k) => `WHEN ${value} > ${measure}${k} THEN ${k + 1}`).join(' ')} ELSE 1 END`,
    );
  return sql`
    WITH active AS MATERIALIZED (
      SELECT customer_id, upto AS days, days[1] AS first_day, days[upto] AS last_day,
        purchases[upto] - coalesce(purchases[prior], 0) AS purchases,
        spent_minor[upto] - coalesce(spent_minor[prior], 0) AS spent
      FROM (
        SELECT customer_id, days, purchases, spent_minor,
          width_bucket(${today}::date, days) AS upto,
          width_bucket(${today}::date - ${rfmWindowDays}::int, days) AS prior
        FROM (
          SELECT customer_id, days || '{}'::date[] AS days, purchases, spent_minor
          FROM customer_purchase_totals
        ) copied
        OFFSET 0
      ) t
      WHERE upto > prior AND NOT EXISTS (
        SELECT 1 FROM customers c WHERE c.id = t.customer_id AND c.merged_into IS NOT NULL)
    ), cuts AS MATERIALIZED (
      SELECT ${cutsOf('r', 'r')}, ${cutsOf('f', 'f')}, ${cutsOf('m', 'm')}
      FROM (
        SELECT count(*) AS n, array_agg(last_day ORDER BY last_day) AS r,
          array_agg(purchases ORDER BY purchases) AS f, array_agg(spent ORDER BY spent) AS m
        FROM active
      ) sorted
    )
    SELECT customer_id, ${scoreOf('a.last_day', 'r')} AS recency,
      ${scoreOf('a.purchases', 'f')} AS frequency, ${scoreOf('a.spent', 'm')} AS monetary,
      days, first_day, last_day
    FROM active a, cuts`;
}

/** Room to sort a million customers' scores three times in memory. */
export async function planRfmScores(trx: Db): Promise<void> {
  await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
}

/**
 * Recomputes every customer's RFM scores ({@link rfmScores}) as of `today`, with the days churn
 * risk reads. Customers not active lose their scores. Returns how many customers were scored.
 */
export async function recomputeRfm(db: Db, today: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await planRfmScores(trx);
    await trx.deleteFrom('customer_rfm').execute();
    const result = await sql`
      INSERT INTO customer_rfm (customer_id, recency, frequency, monetary, days, first_day,
        last_day, computed_at)
      SELECT customer_id, recency, frequency, monetary, days, first_day, last_day,
        ${now}::timestamptz
      FROM (${rfmScores(today)}) scores`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  });
}
