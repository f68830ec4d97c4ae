import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { type CheckQuery, ofScope } from './checks.ts';

/** The sums of one bucket's checks in one channel. */
export interface BucketSums {
  /** 1 for [bounds[0], bounds[1]), 2 for the next, … */
  bucket: number;
  /** The bucket's first instant. */
  starts_at: Date;
  channel: string;
  checks: number;
  identified_checks: number;
  revenue_minor: number;
  items: number;
}

/**
 * Checks, identified checks, revenue and items per bucket and channel, for buckets between
 * consecutive instants of `bounds` (an SQL `timestamptz[]`, ascending), narrowed to a channel or
 * store. Exact for any bounds: whole UTC days inside a bucket are read from `analytics_days`; a
 * UTC day a bound cuts (a month starting at 00:00 in Moscow cuts the day at 21:00 UTC) from
 * `analytics_hours`; and an hour a bound cuts (a zone half an hour off UTC) check by check.
 * Buckets without checks have no row.
 */
export function bucketSums(
  bounds: RawBuilder<unknown>,
  scope: Pick<CheckQuery, 'channel' | 'storeId'>,
): RawBuilder<BucketSums> {
  const bucketOf = (at: RawBuilder<unknown>) => sql`width_bucket(${at}, (SELECT at FROM bounds))`;
  return sql<BucketSums>`
    WITH bounds AS (SELECT ${bounds} AS at),
    cut_days AS (
      SELECT DISTINCT date_trunc('day', b AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS starts_at
      FROM bounds, unnest(bounds.at) b
      WHERE b <> date_trunc('day', b AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    ),
    cut_hours AS (
      SELECT DISTINCT date_trunc('hour', b AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS starts_at
      FROM bounds, unnest(bounds.at) b
      WHERE b <> date_trunc('hour', b AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    ),
    span AS (
      SELECT (at[1] AT TIME ZONE 'UTC')::date AS first_day,
        (at[cardinality(at)] AT TIME ZONE 'UTC')::date AS last_day
      FROM bounds
    ),
    -- Materialized: the bucket filter below, pushed into these joins, made the planner read
    -- every row instead of the cut days' and hours' by their index.
    cut_day_hours AS MATERIALIZED (
      SELECT h.hour, h.channel, h.checks, h.identified_checks, h.revenue_minor, h.items
      FROM cut_days c JOIN analytics_hours h
        ON h.hour >= c.starts_at AND h.hour < c.starts_at + interval '24 hours'
      WHERE h.hour NOT IN (SELECT starts_at FROM cut_hours) AND ${ofScope(scope)}
    ),
    cut_hour_checks AS MATERIALIZED (
      SELECT a.business_at, a.channel, a.customer_id, a.revenue_minor, a.items
      FROM cut_hours c JOIN analytics_checks a
        ON a.business_at >= c.starts_at AND a.business_at < c.starts_at + interval '1 hour'
      WHERE ${ofScope(scope)}
    ),
    rows AS (
      SELECT ${bucketOf(sql`d.day::timestamp AT TIME ZONE 'UTC'`)} AS bucket, d.channel, d.checks,
        d.identified_checks, d.revenue_minor, d.items
      FROM analytics_days d, span
      WHERE d.day >= span.first_day AND d.day <= span.last_day
        AND d.day::timestamp AT TIME ZONE 'UTC' NOT IN (SELECT starts_at FROM cut_days)
        AND ${ofScope(scope)}
      UNION ALL
      SELECT ${bucketOf(sql`hour`)}, channel, checks, identified_checks, revenue_minor, items
      FROM cut_day_hours
      UNION ALL
      SELECT ${bucketOf(sql`business_at`)}, channel, 1, (customer_id IS NOT NULL)::int,
        revenue_minor, items
      FROM cut_hour_checks
    )
    SELECT bucket, (SELECT at[bucket] FROM bounds) AS starts_at, channel,
      sum(checks)::bigint AS checks, sum(identified_checks)::bigint AS identified_checks,
      sum(revenue_minor)::bigint AS revenue_minor, sum(items)::bigint AS items
    FROM rows
    WHERE bucket >= 1 AND bucket < (SELECT cardinality(at) FROM bounds)
    GROUP BY bucket, channel
    HAVING sum(checks) <> 0`;
}

/** The bounds of one period, as {@link bucketSums} takes them. */
export function periodBounds(query: Pick<CheckQuery, 'from' | 'to'>): RawBuilder<unknown> {
  return sql`ARRAY[${query.from}::timestamptz, ${query.to}::timestamptz]`;
}

/**
 * Folds the per-connection slots of `analytics_days` and `analytics_hours` before `beforeDay`
 * (`YYYY-MM-DD`, UTC) into slot 0 and drops rows left at zero, so a day or hour keeps one row per
 * store and channel however many connections wrote it. One statement a table: a slot written
 * meanwhile is a new row, folded next time. Answers how many slot rows were folded.
 */
export async function foldAnalyticsDays(db: Db, beforeDay: string): Promise<number> {
  let folded = 0;
  for (const [table, key] of [
    ['analytics_days', 'day'],
    ['analytics_hours', 'hour'],
  ] as const) {
    const before =
      key === 'day'
        ? sql`day < ${beforeDay}::date`
        : sql`hour < ${beforeDay}::date::timestamp AT TIME ZONE 'UTC'`;
    const { rows } = await sql<{ folded: number }>`
      WITH moved AS (
        DELETE FROM ${sql.table(table)} WHERE slot <> 0 AND ${before}
        RETURNING ${sql.ref(key)} AS bucket, store_id, channel, checks, identified_checks,
          revenue_minor, items
      ),
      added AS (
        INSERT INTO ${sql.table(table)} (${sql.ref(key)}, store_id, channel, slot, checks,
          identified_checks, revenue_minor, items)
        SELECT bucket, store_id, channel, 0, sum(checks), sum(identified_checks),
          sum(revenue_minor), sum(items)
        FROM moved GROUP BY bucket, store_id, channel
        ON CONFLICT (${sql.ref(key)}, store_id, channel, slot) DO UPDATE SET
          checks = ${sql.table(table)}.checks + excluded.checks,
          identified_checks = ${sql.table(table)}.identified_checks + excluded.identified_checks,
          revenue_minor = ${sql.table(table)}.revenue_minor + excluded.revenue_minor,
          items = ${sql.table(table)}.items + excluded.items
      )
      SELECT count(*)::int AS folded FROM moved`.execute(db);
    await sql`
      DELETE FROM ${sql.table(table)} WHERE slot = 0 AND ${before}
        AND checks = 0 AND identified_checks = 0 AND revenue_minor = 0 AND items = 0`.execute(db);
    folded += rows[0]?.folded ?? 0;
  }
  return folded;
}
