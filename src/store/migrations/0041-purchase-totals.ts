import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A statement's rows of `customer_purchase_days` as changes per customer: the changed days,
 * ascending, with running totals of the purchases and money they add (`sign` ±1), so a customer's
 * totals and a statement's changes merge by one function.
 */
const changesOf = (sides: [string, string][]) => `
  SELECT customer_id, array_agg(day ORDER BY day) AS days,
    array_agg(purchases ORDER BY day) AS purchases, array_agg(spent ORDER BY day) AS spent
  FROM (
    SELECT customer_id, day, (sum(n) OVER w)::bigint AS purchases, (sum(m) OVER w)::bigint AS spent
    FROM (
      SELECT customer_id, day, sum(n)::bigint AS n, sum(m)::bigint AS m
      FROM (${sides
        .map(
          ([rows, sign]) =>
            `SELECT customer_id, day, ${sign} * purchase_count AS n, ${sign} * spent_minor AS m FROM ${rows}`,
        )
        .join(' UNION ALL ')}) changed
      GROUP BY customer_id, day
    ) net
    WINDOW w AS (PARTITION BY customer_id ORDER BY day)
  ) running
  GROUP BY customer_id`;

/**
 * Adds a statement's changes to their customers' totals. A customer first gets an empty row (a
 * concurrent writer's insert is waited for, not doubled); the update then merges into the row as
 * it stands when its lock is taken, so two writers of one customer both land. Rows are kept when
 * they empty (a merged profile's): deleting one could drop another writer's changes.
 */
const addChanges = (sides: [string, string][], customers: string) => `
  INSERT INTO customer_purchase_totals (customer_id)
  SELECT DISTINCT customer_id FROM ${customers}
  ON CONFLICT (customer_id) DO NOTHING;
  UPDATE customer_purchase_totals t SET (days, purchases, spent_minor) = (
    SELECT * FROM purchase_totals_plus(t.days, t.purchases, t.spent_minor, c.days, c.purchases,
      c.spent))
  FROM (${changesOf(sides)}) c
  WHERE t.customer_id = c.customer_id;`;

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
  `CREATE TRIGGER ${name} AFTER ${event} ON customer_purchase_days
    REFERENCING ${transitionTables} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
];

/**
 * Each customer's purchase days as running totals (docs/analytics.md, "RFM and churn risk"): the days with a
 * purchase, ascending, and up to each of them the purchases and the money spent, net of returns.
 * Two binary searches (`width_bucket`) give a customer's purchases and money in any window, so RFM
 * reads one row per customer instead of grouping every purchase day. Triggers on
 * `customer_purchase_days` keep the totals in the writing statement, whoever writes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE customer_purchase_totals (
      customer_id uuid PRIMARY KEY REFERENCES customers (id),
      days date[] NOT NULL DEFAULT '{}',
      purchases bigint[] NOT NULL DEFAULT '{}',
      spent_minor bigint[] NOT NULL DEFAULT '{}'
    )`,
    // Both sides as running totals over their own days; the sum per day, days left without a
    // purchase dropped, and the running totals again.
    `CREATE FUNCTION purchase_totals_plus(date[], bigint[], bigint[], date[], bigint[], bigint[])
      RETURNS TABLE (days date[], purchases bigint[], spent_minor bigint[])
      LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(array_agg(day ORDER BY day), '{}'),
          coalesce(array_agg(p ORDER BY day), '{}'), coalesce(array_agg(s ORDER BY day), '{}')
        FROM (
          SELECT day, (sum(n) OVER w)::bigint AS p, (sum(m) OVER w)::bigint AS s
          FROM (
            SELECT day, sum(n)::bigint AS n, sum(m)::bigint AS m
            FROM (
              SELECT day, p - coalesce(lag(p) OVER (ORDER BY day), 0) AS n,
                s - coalesce(lag(s) OVER (ORDER BY day), 0) AS m
              FROM unnest($1, $2, $3) AS a (day, p, s)
              UNION ALL
              SELECT day, p - coalesce(lag(p) OVER (ORDER BY day), 0),
                s - coalesce(lag(s) OVER (ORDER BY day), 0)
              FROM unnest($4, $5, $6) AS b (day, p, s)
            ) both_sides
            GROUP BY day
            HAVING sum(n) > 0
          ) merged
          WINDOW w AS (ORDER BY day)
        ) running
      $$`,
    ...statementTrigger(
      'purchase_totals_added',
      'INSERT',
      'NEW TABLE AS added',
      addChanges([['added', '1']], 'added'),
    ),
    ...statementTrigger(
      'purchase_totals_removed',
      'DELETE',
      'OLD TABLE AS removed',
      addChanges([['removed', '-1']], 'removed'),
    ),
    ...statementTrigger(
      'purchase_totals_changed',
      'UPDATE',
      'OLD TABLE AS before_change NEW TABLE AS after_change',
      addChanges(
        [
          ['after_change', '1'],
          ['before_change', '-1'],
        ],
        'after_change',
      ),
    ),
    // RFM leaves merged-away profiles out by this short list rather than joining every customer.
    'CREATE INDEX customers_merged_idx ON customers (id) WHERE merged_into IS NOT NULL',
    `INSERT INTO customer_purchase_totals (customer_id, days, purchases, spent_minor)
      SELECT customer_id, array_agg(day ORDER BY day), array_agg(p ORDER BY day),
        array_agg(s ORDER BY day)
      FROM (
        SELECT customer_id, day, (sum(purchase_count) OVER w)::bigint AS p,
          (sum(spent_minor) OVER w)::bigint AS s
        FROM customer_purchase_days WHERE purchase_count > 0
        WINDOW w AS (PARTITION BY customer_id ORDER BY day)
      ) running
      GROUP BY customer_id`,
  ]);
}
