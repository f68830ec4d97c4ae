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
 * store. Exact for any bounds: whole UTC days inside a bucket are read from `analytics_days`, and
 * the checks of a UTC day a bound cuts (a month starting at 00:00 in Moscow cuts the day at 21:00
 * UTC) from `analytics_checks` by the time index. Buckets without checks have no row.
 */
export function bucketSums(
  bounds: RawBuilder<unknown>,
  scope: Pick<CheckQuery, 'channel' | 'storeId'>,
): RawBuilder<BucketSums> {
  return sql<BucketSums>`
    WITH bounds AS (SELECT ${bounds} AS at),
    cut AS (
      SELECT DISTINCT (b AT TIME ZONE 'UTC')::date AS day
      FROM bounds, unnest(bounds.at) b
      WHERE b <> date_trunc('day', b AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    ),
    span AS (
      SELECT (at[1] AT TIME ZONE 'UTC')::date AS first_day,
        (at[cardinality(at)] AT TIME ZONE 'UTC')::date AS last_day
      FROM bounds
    ),
    rows AS (
      SELECT width_bucket(d.day::timestamp AT TIME ZONE 'UTC', (SELECT at FROM bounds)) AS bucket,
        d.channel, d.checks, d.identified_checks, d.revenue_minor, d.items
      FROM analytics_days d, span
      WHERE d.day >= span.first_day AND d.day <= span.last_day
        AND d.day NOT IN (SELECT day FROM cut) AND ${ofScope(scope)}
      UNION ALL
      SELECT width_bucket(a.business_at, (SELECT at FROM bounds)), a.channel, 1,
        (a.customer_id IS NOT NULL)::int, a.revenue_minor, a.items
      FROM cut JOIN analytics_checks a
        ON a.business_at >= cut.day::timestamp AT TIME ZONE 'UTC'
        AND a.business_at < (cut.day + 1)::timestamp AT TIME ZONE 'UTC'
      WHERE ${ofScope(scope)}
    )
    SELECT bucket, (SELECT at[bucket] FROM bounds) AS starts_at, channel,
      sum(checks)::bigint AS checks,
      sum(identified_checks)::bigint AS identified_checks,
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
 * Folds the per-connection slots of `analytics_days` before `beforeDay` (`YYYY-MM-DD`, UTC) into
 * slot 0 and drops rows left at zero, so a day keeps one row per store and channel however many
 * connections wrote it. One statement: a slot written meanwhile is a new row, folded next time.
 * Answers how many slot rows were folded.
 */
export async function foldAnalyticsDays(db: Db, beforeDay: string): Promise<number> {
  const { rows } = await sql<{ folded: number }>`
    WITH moved AS (
      DELETE FROM analytics_days WHERE slot <> 0 AND day < ${beforeDay}::date
      RETURNING day, store_id, channel, checks, identified_checks, revenue_minor, items
    ),
    added AS (
      INSERT INTO analytics_days (day, store_id, channel, slot, checks, identified_checks,
        revenue_minor, items)
      SELECT day, store_id, channel, 0, sum(checks), sum(identified_checks), sum(revenue_minor),
        sum(items)
      FROM moved GROUP BY day, store_id, channel
      ON CONFLICT (day, store_id, channel, slot) DO UPDATE SET
        checks = analytics_days.checks + excluded.checks,
        identified_checks = analytics_days.identified_checks + excluded.identified_checks,
        revenue_minor = analytics_days.revenue_minor + excluded.revenue_minor,
        items = analytics_days.items + excluded.items
    )
    SELECT count(*)::int AS folded FROM moved`.execute(db);
  await sql`
    DELETE FROM analytics_days WHERE slot = 0 AND day < ${beforeDay}::date
      AND checks = 0 AND identified_checks = 0 AND revenue_minor = 0 AND items = 0`.execute(db);
  return rows[0]?.folded ?? 0;
}
