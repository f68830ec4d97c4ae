import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

const sums = 'checks, identified_checks, revenue_minor, items';

/** The two tables: per UTC day, and per UTC hour for the days a period's bound cuts. */
const tables = [
  { table: 'analytics_days', key: 'day', of: "(business_at AT TIME ZONE 'UTC')::date" },
  // In UTC whatever the session's zone: a zone half an hour off would cut hours elsewhere.
  {
    table: 'analytics_hours',
    key: 'hour',
    of: "date_trunc('hour', business_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
  },
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

/** Per customer in a statement's rows: their check times in each channel, ascending. */
const timesOf = (rows: string) => `
  SELECT customer_id, min(business_at) AS first_at,
    coalesce(array_agg(business_at ORDER BY business_at) FILTER (WHERE channel = 'offline'),
      '{}') AS offline_at,
    coalesce(array_agg(business_at ORDER BY business_at) FILTER (WHERE channel = 'online'),
      '{}') AS online_at
  FROM ${rows} WHERE customer_id IS NOT NULL GROUP BY customer_id`;

/** Takes a statement's rows off their customers' times, and their first check with them. */
const takeTimes = (rows: string) => `
  UPDATE analytics_customers c SET
    offline_at = analytics_times_minus(c.offline_at, r.offline_at),
    online_at = analytics_times_minus(c.online_at, r.online_at)
  FROM (${timesOf(rows)}) r WHERE c.customer_id = r.customer_id;
  DELETE FROM analytics_customers
  WHERE customer_id IN (SELECT customer_id FROM ${rows})
    AND cardinality(offline_at) = 0 AND cardinality(online_at) = 0;
  UPDATE analytics_customers SET first_at = least(offline_at[1], online_at[1])
  WHERE customer_id IN (SELECT customer_id FROM ${rows});`;

/** Adds a statement's rows to their customers' times (a new customer gets a row). */
const addTimes = (rows: string) => `
  INSERT INTO analytics_customers (customer_id, first_at, offline_at, online_at)
  ${timesOf(rows)}
  ON CONFLICT (customer_id) DO UPDATE SET
    first_at = least(analytics_customers.first_at, excluded.first_at),
    offline_at = analytics_times_plus(analytics_customers.offline_at, excluded.offline_at),
    online_at = analytics_times_plus(analytics_customers.online_at, excluded.online_at);`;

/** The rows of an update whose channel changed, as they were (`o`) or are (`n`). */
const movedRows = (side: 'o' | 'n') => `
  (SELECT ${side}.* FROM before_change o JOIN after_change n USING (live, id)
    WHERE o.channel <> n.channel) moved`;

const changedTables = 'OLD TABLE AS before_change NEW TABLE AS after_change';

/** A plpgsql function running `body` once per statement on `analytics_checks`, and its trigger. */
const statementTrigger = (
  name: string,
  event: 'INSERT' | 'DELETE' | 'UPDATE',
  transitionTables: string,
  body: string[],
) => [
  `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${body.join('\n')}
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER ${name} AFTER ${event} ON analytics_checks
    REFERENCING ${transitionTables} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
];

/**
 * Checks, identified checks, revenue and items per UTC day, store and channel, and per UTC hour
 * for the days a period's bound cuts: what the overview's sums and the forecast's months read
 * instead of every check (docs/analytics.md, "Day sums"). Triggers on `analytics_checks` keep
 * both in the writing statement. Each connection adds to rows of its own (`slot`, the backend's
 * process id), so tills committing at once never wait on one store's row; the `analytics-days`
 * job folds past days' slots into slot 0.
 *
 * `analytics_customers` also keeps each customer's check times per channel, ascending: how many
 * checks a customer has in any period is two binary searches (`width_bucket`), so the overview
 * counts customers, new and loyal ones by reading one row per customer instead of grouping every
 * check. The triggers add and take times on the row as it stands (never rebuild it from a
 * snapshot), so two statements changing one customer's checks at once both land.
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
    ...statementTrigger('analytics_days_added', 'INSERT', 'NEW TABLE AS added', [
      addToSlots([['added', '1']]),
    ]),
    ...statementTrigger('analytics_days_removed', 'DELETE', 'OLD TABLE AS removed', [
      addToSlots([['removed', '-1']]),
    ]),
    ...statementTrigger('analytics_days_changed', 'UPDATE', changedTables, [
      addToSlots([
        ['before_change', '-1'],
        ['after_change', '1'],
      ]),
    ]),
    `ALTER TABLE analytics_customers
      ADD COLUMN offline_at timestamptz[] NOT NULL DEFAULT '{}',
      ADD COLUMN online_at timestamptz[] NOT NULL DEFAULT '{}'`,
    `UPDATE analytics_customers c SET offline_at = t.offline_at, online_at = t.online_at
      FROM (${timesOf('analytics_checks')}) t WHERE c.customer_id = t.customer_id`,
    `CREATE FUNCTION analytics_times_plus(a timestamptz[], b timestamptz[])
      RETURNS timestamptz[] LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(array_agg(t ORDER BY t), '{}')
        FROM (SELECT unnest(a) UNION ALL SELECT unnest(b)) x(t)
      $$`,
    // One occurrence of a time per one taken: two checks may share an instant.
    `CREATE FUNCTION analytics_times_minus(a timestamptz[], b timestamptz[])
      RETURNS timestamptz[] LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(array_agg(x.t ORDER BY x.t), '{}')
        FROM (SELECT t, row_number() OVER (PARTITION BY t) AS k FROM unnest(a) t) x
        WHERE NOT EXISTS (
          SELECT 1 FROM (SELECT t, row_number() OVER (PARTITION BY t) AS k FROM unnest(b) t) y
          WHERE y.t = x.t AND y.k = x.k)
      $$`,
    `CREATE OR REPLACE FUNCTION analytics_first_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${addTimes('added')}
        RETURN NULL;
      END $$`,
    `CREATE OR REPLACE FUNCTION analytics_first_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${takeTimes('removed')}
        RETURN NULL;
      END $$`,
    // A row's customer and time change by a delete and an insert; in place only its channel,
    // which most updates (a refund, imported lines) leave as it was.
    ...statementTrigger('analytics_customer_channel', 'UPDATE', changedTables, [
      `IF NOT EXISTS (SELECT 1 FROM ${movedRows('o')}) THEN RETURN NULL; END IF;`,
      takeTimes(movedRows('o')),
      addTimes(movedRows('n')),
    ]),
  ]);
}
