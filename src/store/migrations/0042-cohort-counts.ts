import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/** A statement's rows of `analytics_customers` as changes to the counts (`sign` ±1). */
const addChanges = (sides: [string, string][]) => `
  INSERT INTO analytics_cohorts (channel, cohort, month, slot, customers)
  SELECT m.channel, m.cohort, m.month, pg_backend_pid(), sum(c.sign)
  FROM (${sides
    .map(([rows, sign]) => `SELECT offline_at, online_at, ${sign} AS sign FROM ${rows}`)
    .join(' UNION ALL ')}) c,
    analytics_cohort_zone z,
    LATERAL analytics_cohort_months(c.offline_at, c.online_at, z.time_zone) m
  GROUP BY 1, 2, 3
  HAVING sum(c.sign) <> 0
  ON CONFLICT (channel, cohort, month, slot) DO UPDATE SET
    customers = analytics_cohorts.customers + excluded.customers;`;

const statementTrigger = (
  name: string,
  event: 'INSERT' | 'DELETE' | 'UPDATE',
  transitionTables: string,
  body: string,
) => [
  `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${body}
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER ${name} AFTER ${event} ON analytics_customers
    REFERENCING ${transitionTables} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
];

/**
 * Customers by month of first check and month active (docs/analytics.md, "Cohorts"): for each
 * channel (`offline`, `online`, and `all` of them), how many customers whose first check of the
 * channel fell in the cohort's month had a check of it in each month, months in the zone that
 * `analytics_cohort_zone` names (the programme's, kept by the `analytics-days` job). Cohorts over
 * whole months read these few rows instead of every customer's check times. Triggers on
 * `analytics_customers` add each statement's change of a customer's months (its months before
 * taken off, after added; a purchase in a month the customer was already active changes
 * nothing), each connection into rows of its own (`slot`) as the day sums do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE analytics_cohort_zone (
      one boolean PRIMARY KEY DEFAULT true CHECK (one),
      time_zone text NOT NULL
    )`,
    `INSERT INTO analytics_cohort_zone (time_zone)
      SELECT coalesce((SELECT settings->>'timeZone' FROM points_program_settings LIMIT 1),
        'Europe/Moscow')`,
    `CREATE TABLE analytics_cohorts (
      channel text NOT NULL,
      cohort date NOT NULL,
      month date NOT NULL,
      slot integer NOT NULL,
      customers bigint NOT NULL,
      PRIMARY KEY (channel, cohort, month, slot)
    )`,
    // A customer's cohort and active months per channel: the month of their first time, and
    // each month with a time, in the zone given (both arrays ascending).
    `CREATE FUNCTION analytics_cohort_months(offline_at timestamptz[], online_at timestamptz[],
        zone text)
      RETURNS TABLE (channel text, cohort date, month date) LANGUAGE sql STABLE AS $$
        WITH months AS (
          SELECT DISTINCT t.channel, date_trunc('month', t.at AT TIME ZONE zone)::date AS month
          FROM (SELECT 'offline' AS channel, at FROM unnest(offline_at) at
            UNION ALL SELECT 'online', at FROM unnest(online_at) at) t
        ),
        firsts AS (
          SELECT 'offline' AS channel, offline_at[1] AS first_at
          UNION ALL SELECT 'online', online_at[1]
          UNION ALL SELECT 'all', least(offline_at[1], online_at[1])
        )
        SELECT f.channel, date_trunc('month', f.first_at AT TIME ZONE zone)::date, m.month
        FROM firsts f JOIN (
          SELECT channel, month FROM months
          UNION ALL SELECT DISTINCT 'all', month FROM months
        ) m ON m.channel = f.channel
        WHERE f.first_at IS NOT NULL
      $$`,
    `INSERT INTO analytics_cohorts (channel, cohort, month, slot, customers)
      SELECT m.channel, m.cohort, m.month, 0, count(*)
      FROM analytics_customers c, analytics_cohort_zone z,
        LATERAL analytics_cohort_months(c.offline_at, c.online_at, z.time_zone) m
      GROUP BY 1, 2, 3`,
    ...statementTrigger(
      'analytics_cohorts_added',
      'INSERT',
      'NEW TABLE AS added',
      addChanges([['added', '1']]),
    ),
    ...statementTrigger(
      'analytics_cohorts_removed',
      'DELETE',
      'OLD TABLE AS removed',
      addChanges([['removed', '-1']]),
    ),
    ...statementTrigger(
      'analytics_cohorts_changed',
      'UPDATE',
      'OLD TABLE AS before_change NEW TABLE AS after_change',
      addChanges([
        ['after_change', '1'],
        ['before_change', '-1'],
      ]),
    ),
  ]);
}
