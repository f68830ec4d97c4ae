import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

const sums = 'checks, identified_checks, revenue_minor, items';

/** A statement's rows of `analytics_checks` as additions to their day's sums (sign ±1). */
const asSums = (rows: string, sign: string) => `
  SELECT (business_at AT TIME ZONE 'UTC')::date AS day, store_id, channel,
    ${sign} * count(*) AS checks, ${sign} * count(customer_id) AS identified_checks,
    ${sign} * sum(revenue_minor) AS revenue_minor, ${sign} * sum(items) AS items
  FROM ${rows} GROUP BY 1, 2, 3`;

/** Adds summed rows (`day, store_id, channel` and the sums) to this connection's slot. */
const addToSlot = (summed: string) => `
  INSERT INTO analytics_days (day, store_id, channel, slot, ${sums})
  SELECT day, store_id, channel, pg_backend_pid(), sum(checks), sum(identified_checks),
    sum(revenue_minor), sum(items)
  FROM (${summed}) changed GROUP BY 1, 2, 3
  ON CONFLICT (day, store_id, channel, slot) DO UPDATE SET
    checks = analytics_days.checks + excluded.checks,
    identified_checks = analytics_days.identified_checks + excluded.identified_checks,
    revenue_minor = analytics_days.revenue_minor + excluded.revenue_minor,
    items = analytics_days.items + excluded.items`;

/**
 * Checks, identified checks, revenue and items per UTC day, store and channel: what the overview's
 * sums and the forecast's months read instead of every check (docs/analytics.md, "Day sums").
 * Triggers on `analytics_checks` keep it in the writing statement. Each connection adds to a row
 * of its own (`slot`, the backend's process id), so tills committing at once never wait on one
 * store's row; the `analytics-days` job folds past days' slots into slot 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE analytics_days (
      day date NOT NULL,
      store_id text NOT NULL,
      channel text NOT NULL,
      slot integer NOT NULL,
      checks bigint NOT NULL,
      identified_checks bigint NOT NULL,
      revenue_minor bigint NOT NULL,
      items bigint NOT NULL,
      PRIMARY KEY (day, store_id, channel, slot)
    )`,
    `INSERT INTO analytics_days (day, store_id, channel, slot, ${sums})
      SELECT day, store_id, channel, 0, ${sums} FROM (${asSums('analytics_checks', '1')}) d`,
    `CREATE FUNCTION analytics_days_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${addToSlot(asSums('added', '1'))};
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER analytics_checks_days_added AFTER INSERT ON analytics_checks
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION analytics_days_added()`,
    `CREATE FUNCTION analytics_days_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${addToSlot(asSums('removed', '-1'))};
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER analytics_checks_days_removed AFTER DELETE ON analytics_checks
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION analytics_days_removed()`,
    `CREATE FUNCTION analytics_days_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${addToSlot(`${asSums('before_change', '-1')} UNION ALL ${asSums('after_change', '1')}`)};
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER analytics_checks_days_changed AFTER UPDATE ON analytics_checks
      REFERENCING OLD TABLE AS before_change NEW TABLE AS after_change
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_days_changed()`,
  ]);
}
