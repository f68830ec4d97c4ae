import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

const sums = 'checks, identified_checks, revenue_minor, items';

/** The two tables: per UTC day, and per UTC hour for the days a period's bound cuts. */
const tables = [
  { table: 'analytics_days', key: 'day', of: "(business_at AT TIME ZONE 'UTC')::date" },
  { table: 'analytics_hours', key: 'hour', of: "date_trunc('hour', business_at)" },
] as const;

/** A statement's rows of `analytics_checks` as additions to their bucket's sums (sign ±1). */
const asSums = (of: string, rows: string, sign: string) => `
  SELECT ${of} AS bucket, store_id, channel,
    ${sign} * count(*) AS checks, ${sign} * count(customer_id) AS identified_checks,
    ${sign} * sum(revenue_minor) AS revenue_minor, ${sign} * sum(items) AS items
  FROM ${rows} GROUP BY 1, 2, 3`;

/** Adds the changed rows (each as `[rows, sign]`) to this connection's slot of every table. */
const addToSlots = (changes: [string, string][]) =>
  tables
    .map(
      ({ table, key, of }) => `
  INSERT INTO ${table} (${key}, store_id, channel, slot, ${sums})
  SELECT bucket, store_id, channel, pg_backend_pid(), sum(checks), sum(identified_checks),
    sum(revenue_minor), sum(items)
  FROM (${changes.map(([rows, sign]) => asSums(of, rows, sign)).join(' UNION ALL ')}) changed
  GROUP BY 1, 2, 3
  ON CONFLICT (${key}, store_id, channel, slot) DO UPDATE SET
    checks = ${table}.checks + excluded.checks,
    identified_checks = ${table}.identified_checks + excluded.identified_checks,
    revenue_minor = ${table}.revenue_minor + excluded.revenue_minor,
    items = ${table}.items + excluded.items;`,
    )
    .join('\n');

/**
 * Checks, identified checks, revenue and items per UTC day, store and channel, and per UTC hour
 * for the days a period's bound cuts: what the overview's sums and the forecast's months read
 * instead of every check (docs/analytics.md, "Day sums"). Triggers on `analytics_checks` keep
 * both in the writing statement. Each connection adds to rows of its own (`slot`, the backend's
 * process id), so tills committing at once never wait on one store's row; the `analytics-days`
 * job folds past days' slots into slot 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    ...tables.flatMap(({ table, key, of }) => [
      `CREATE TABLE ${table} (
        ${key} ${key === 'day' ? 'date' : 'timestamptz'} NOT NULL,
        store_id text NOT NULL,
        channel text NOT NULL,
        slot integer NOT NULL,
        checks bigint NOT NULL,
        identified_checks bigint NOT NULL,
        revenue_minor bigint NOT NULL,
        items bigint NOT NULL,
        PRIMARY KEY (${key}, store_id, channel, slot)
      )`,
      `INSERT INTO ${table} (${key}, store_id, channel, slot, ${sums})
        SELECT bucket, store_id, channel, 0, ${sums}
        FROM (${asSums(of, 'analytics_checks', '1')}) d`,
    ]),
    `CREATE FUNCTION analytics_days_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${addToSlots([['added', '1']])}
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER analytics_checks_days_added AFTER INSERT ON analytics_checks
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION analytics_days_added()`,
    `CREATE FUNCTION analytics_days_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${addToSlots([['removed', '-1']])}
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER analytics_checks_days_removed AFTER DELETE ON analytics_checks
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION analytics_days_removed()`,
    `CREATE FUNCTION analytics_days_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${addToSlots([
          ['before_change', '-1'],
          ['after_change', '1'],
        ])}
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER analytics_checks_days_changed AFTER UPDATE ON analytics_checks
      REFERENCING OLD TABLE AS before_change NEW TABLE AS after_change
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_days_changed()`,
  ]);
}
