import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/** The statement's changed rows of `analytics_customers`, under each event's transition name. */
const marking = (event: 'INSERT' | 'UPDATE' | 'DELETE') => {
  const rows = event === 'DELETE' ? 'OLD TABLE AS changed' : 'NEW TABLE AS changed';
  return `CREATE TRIGGER analytics_cohorts_${event.toLowerCase()} AFTER ${event}
    ON analytics_customers REFERENCING ${rows} FOR EACH STATEMENT
    EXECUTE FUNCTION analytics_cohort_mark()`;
};

/**
 * Cohort retention from kept counts (docs/analytics.md, "Kept counts"): customers per channel
 * (`all`, `offline`, `online`), month of first check and month active, in the zone
 * `analytics_cohort_state` names. The counts are the sum of every customer's months as
 * `analytics_cohort_members` keeps them, and a customer whose check times changed since is
 * marked in `analytics_cohort_dirty` in the changing statement, by the triggers below. The
 * `analytics-cohorts` job counts the marked customers again, a few thousand per transaction;
 * a read takes the marked customers' kept months off the counts and adds their months as they
 * are, so it is exact between two runs. Writers only mark (one small upsert per statement): a
 * history import of a million lines pays no counting, and tills never wait on a shared row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    // Month starts in a zone, so a time's month is a binary search (width_bucket) rather than
    // a conversion to the zone's wall clock: 5× less for a customer's months.
    `CREATE FUNCTION analytics_month_starts(zone text)
      RETURNS timestamptz[] LANGUAGE sql STABLE AS $$
        SELECT ARRAY(SELECT m AT TIME ZONE zone FROM generate_series(
          timestamp '1970-01-01', timestamp '2100-01-01', interval '1 month') m)
      $$`,
    `CREATE TABLE analytics_cohorts (
      channel text NOT NULL,
      cohort integer NOT NULL,
      month integer NOT NULL,
      customers bigint NOT NULL,
      PRIMARY KEY (channel, cohort, month)
    )`,
    `CREATE TABLE analytics_cohort_members (
      customer_id uuid PRIMARY KEY,
      every_months integer[] NOT NULL,
      offline_months integer[] NOT NULL,
      online_months integer[] NOT NULL
    )`,
    'CREATE TABLE analytics_cohort_dirty (customer_id uuid PRIMARY KEY)',
    // No zone yet: the job's first run marks every customer and counts them in the programme's.
    `CREATE TABLE analytics_cohort_state (
      single boolean PRIMARY KEY DEFAULT true CHECK (single),
      zone text
    )`,
    'INSERT INTO analytics_cohort_state (zone) VALUES (NULL)',
    // The upsert rewrites a row already marked, so a counting run that takes the mark waits for
    // this writer's commit instead of missing it; ordered, so two writers lock in one order.
    `CREATE FUNCTION analytics_cohort_mark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_cohort_dirty (customer_id)
        SELECT DISTINCT customer_id FROM changed ORDER BY customer_id
        ON CONFLICT (customer_id) DO UPDATE SET customer_id = excluded.customer_id;
        RETURN NULL;
      END $$`,
    marking('INSERT'),
    marking('UPDATE'),
    marking('DELETE'),
  ]);
}
