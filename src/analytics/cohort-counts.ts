import { type RawBuilder, sql } from 'kysely';
import { dayNumber, monthNumber, monthOfNumber } from '../calendar/day-number.ts';
import { localDate, startOfLocalDay } from '../calendar/time-zone.ts';
import type { Db } from '../store/database.ts';
import type { CheckQuery } from './checks.ts';

/** Customers counted again per transaction: a till waits at most one batch on its customer. */
const batch = 2_000;

/** The zone's month starts, as a statement's `starts` names them. */
const monthStarts = sql.ref('starts.at');

/**
 * Above this many marked customers a read counts from check times instead: correcting for them
 * grows with their number (0.6 s for 20 000 on ten million checks), and after a history import
 * nearly everyone is marked until the job has passed.
 */
const markedAtMost = 20_000;

/** The number of the month `analytics_month_starts` begins with, January 1970. */
const startsFrom = 1970 * 12;

/**
 * A customer's months (numbered as the counts number them), ascending, from their check times:
 * by binary search over the zone's month starts when a time lies within them, by the zone's
 * wall clock otherwise.
 */
function monthsOf(times: RawBuilder<unknown>, timeZone: string) {
  const wall = sql`t AT TIME ZONE ${timeZone}`;
  return sql`ARRAY(SELECT DISTINCT
    CASE WHEN t >= ${monthStarts}[1] AND t < ${monthStarts}[cardinality(${monthStarts})]
      THEN ${sql.lit(startsFrom - 1)} + width_bucket(t, ${monthStarts})
      ELSE (extract(year FROM ${wall}) * 12 + extract(month FROM ${wall}) - 1)::integer END
    FROM unnest(${times}) t ORDER BY 1)`;
}

/** The first instant of a numbered month in the zone. */
const monthStart = (month: number, timeZone: string) =>
  new Date(startOfLocalDay(dayNumber(`${monthOfNumber(month)}-01`), timeZone));

/**
 * Counts the customers marked since the last run ({@link cohortsFromCounts}): per batch, takes
 * the marks no writer holds, reads those customers' check times as committed, and moves the
 * counts from their kept months to these. A writer that changes a customer after the read marks
 * them again, as its mark waits for this batch's commit. When the programme's zone is not the
 * counts', they are emptied and every customer marked, in one transaction. Answers how many
 * customers were counted, and whether the counts were started afresh.
 */
export async function countCohorts(
  db: Db,
  timeZone: string,
): Promise<{ counted: number; restarted: number }> {
  let counted = 0;
  let restarted = 0;
  for (;;) {
    const taken = await db.transaction().execute(async (trx) => {
      // Shared by batches, so a restart waits for the batches counting in the old zone.
      const { rows } = await sql<{ zone: string | null }>`
        SELECT zone FROM analytics_cohort_state FOR SHARE`.execute(trx);
      if (rows[0]?.zone !== timeZone) return null;
      const { rows: done } = await sql<{ n: number }>`
        WITH taken AS (
          DELETE FROM analytics_cohort_dirty WHERE customer_id IN (
            SELECT customer_id FROM analytics_cohort_dirty ORDER BY customer_id LIMIT ${batch}
            FOR UPDATE SKIP LOCKED)
          RETURNING customer_id
        ),
        -- As an array, so both tables are probed by key rather than scanned whole.
        ids AS MATERIALIZED (SELECT array_agg(customer_id) AS ids FROM taken),
        starts AS MATERIALIZED (SELECT analytics_month_starts(${timeZone}) AS at),
        now AS MATERIALIZED (
          SELECT customer_id,
            ${monthsOf(sql`offline_at || online_at`, timeZone)} AS every_months,
            ${monthsOf(sql`offline_at`, timeZone)} AS offline_months,
            ${monthsOf(sql`online_at`, timeZone)} AS online_months
          FROM analytics_customers, starts
          WHERE customer_id = ANY((SELECT ids FROM ids)::uuid[])
        ),
        fresh AS MATERIALIZED (
          SELECT t.customer_id, coalesce(n.every_months, '{}') AS every_months,
            coalesce(n.offline_months, '{}') AS offline_months,
            coalesce(n.online_months, '{}') AS online_months
          FROM taken t LEFT JOIN now n USING (customer_id)
        ),
        kept AS MATERIALIZED (
          SELECT * FROM analytics_cohort_members
          WHERE customer_id = ANY((SELECT ids FROM ids)::uuid[])
        ),
        stored AS (
          INSERT INTO analytics_cohort_members
            (customer_id, every_months, offline_months, online_months)
          SELECT * FROM fresh WHERE every_months <> '{}'
          ON CONFLICT (customer_id) DO UPDATE SET every_months = excluded.every_months,
            offline_months = excluded.offline_months, online_months = excluded.online_months
        ),
        gone AS (
          DELETE FROM analytics_cohort_members WHERE customer_id IN (
            SELECT customer_id FROM fresh WHERE every_months = '{}')
        ),
        moved AS (
          INSERT INTO analytics_cohorts (channel, cohort, month, customers)
          SELECT channel, months[1], m, sum(sign)
          FROM (
            SELECT 1 AS sign, every_months, offline_months, online_months FROM fresh
            UNION ALL
            SELECT -1, every_months, offline_months, online_months FROM kept
          ) sides,
            LATERAL (VALUES ('all', every_months), ('offline', offline_months),
              ('online', online_months)) v (channel, months),
            LATERAL unnest(months) m
          GROUP BY 1, 2, 3 HAVING sum(sign) <> 0
          -- One order for every run, so two runs wait on a row rather than on each other.
          ORDER BY 1, 2, 3
          ON CONFLICT (channel, cohort, month) DO UPDATE
            SET customers = analytics_cohorts.customers + excluded.customers
        )
        SELECT count(*)::int AS n FROM taken`.execute(trx);
      return done[0]?.n ?? 0;
    });
    if (taken === null) {
      await restartCohorts(db, timeZone);
      restarted = 1;
      continue;
    }
    counted += taken;
    // What tills mark meanwhile waits for the next run; reads correct for it until then.
    if (taken < batch) break;
  }
  await sql`DELETE FROM analytics_cohorts WHERE customers = 0`.execute(db);
  return { counted, restarted };
}

/** Empties the counts and kept months, marks every customer, and records the zone. */
async function restartCohorts(db: Db, timeZone: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ zone: string | null }>`
      SELECT zone FROM analytics_cohort_state FOR UPDATE`.execute(trx);
    // Another run got here first.
    if (rows[0]?.zone === timeZone) return;
    await sql`DELETE FROM analytics_cohorts`.execute(trx);
    await sql`DELETE FROM analytics_cohort_members`.execute(trx);
    await sql`
      INSERT INTO analytics_cohort_dirty (customer_id)
      SELECT customer_id FROM analytics_customers ORDER BY customer_id
      ON CONFLICT (customer_id) DO NOTHING`.execute(trx);
    await sql`UPDATE analytics_cohort_state SET zone = ${timeZone}`.execute(trx);
  });
}

/** A cohort and a month of it, with how many of its customers bought then. */
export interface CohortCount {
  cohort: string;
  month: string;
  customers: number;
}

/**
 * A period's cohorts from the kept counts: those of its months, corrected for the customers
 * marked since the job's last run (their kept months taken off, their months as they are added),
 * in one statement so the three agree. `null` when the counts cannot answer: kept in another
 * zone, too many customers marked, or an identified check in the part of the period's first or
 * last month that the period cuts off (its customers would count for the whole month).
 */
export async function cohortsFromCounts(
  trx: Db,
  query: CheckQuery,
  timeZone: string,
): Promise<CohortCount[] | null> {
  const first = monthNumber(localDate(query.from, timeZone));
  const last = monthNumber(localDate(new Date(query.to.getTime() - 1), timeZone));
  const { rows: state } = await sql<{ zone: string | null; marked: number }>`
    SELECT zone, (SELECT count(*)::int FROM (
      SELECT 1 FROM analytics_cohort_dirty LIMIT ${markedAtMost + 1}) d) AS marked
    FROM analytics_cohort_state`.execute(trx);
  if (state[0]?.zone !== timeZone || state[0].marked > markedAtMost) return null;
  const cutOff = [
    [monthStart(first, timeZone), query.from],
    [query.to, monthStart(last + 1, timeZone)],
  ].filter(([start, end]) => (start as Date) < (end as Date));
  for (const [start, end] of cutOff) {
    const { rows } = await sql<{ found: boolean }>`
      SELECT EXISTS (SELECT 1 FROM analytics_checks WHERE business_at >= ${start}
        AND business_at < ${end} AND customer_id IS NOT NULL
        AND (${query.channel ?? null}::text IS NULL OR channel = ${query.channel ?? null})
      ) AS found`.execute(trx);
    if (rows[0]?.found) return null;
  }
  const channel = query.channel ?? 'all';
  const kept = sql.ref(`${query.channel ?? 'every'}_months`);
  const times =
    query.channel === undefined ? sql`c.offline_at || c.online_at` : sql.ref(`c.${channel}_at`);
  const inPeriod = sql`months[1] BETWEEN ${first} AND ${last} AND m <= ${last}`;
  // The marked customers as an array, probed by key; OFFSET 0 keeps the period's test on their
  // months from being pushed down to every customer's row.
  const marked = sql`customer_id = ANY((SELECT ids FROM marked)::uuid[])`;
  const { rows } = await sql<{ cohort: number; month: number; customers: number }>`
    WITH marked AS MATERIALIZED (
      SELECT coalesce(array_agg(customer_id), '{}') AS ids FROM analytics_cohort_dirty),
    starts AS MATERIALIZED (SELECT analytics_month_starts(${timeZone}) AS at)
    SELECT cohort, month, sum(customers)::int AS customers
    FROM (
      SELECT cohort, month, customers FROM analytics_cohorts
      WHERE channel = ${channel} AND cohort BETWEEN ${first} AND ${last} AND month <= ${last}
      UNION ALL
      SELECT months[1], m, -1
      FROM (SELECT ${kept} AS months FROM analytics_cohort_members WHERE ${marked} OFFSET 0) k,
        LATERAL unnest(k.months) m
      WHERE ${inPeriod}
      UNION ALL
      SELECT months[1], m, 1
      FROM (
        SELECT ${monthsOf(times, timeZone)} AS months
        FROM analytics_customers c, starts WHERE ${marked} OFFSET 0
      ) k,
        LATERAL unnest(k.months) m
      WHERE ${inPeriod}
    ) pairs
    GROUP BY cohort, month HAVING sum(customers) <> 0
    ORDER BY cohort, month`.execute(trx);
  return rows.map((row) => ({
    cohort: monthOfNumber(row.cohort),
    month: monthOfNumber(row.month),
    customers: row.customers,
  }));
}
