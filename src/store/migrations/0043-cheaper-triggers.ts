import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Two sorted time arrays as one, sorted: the later array appended when it starts at or after the
 * kept one's end (a till's check, a customer's first checks), else `analytics_times_plus`.
 */
const plusTimes = (kept: string, added: string) => `CASE
  WHEN cardinality(${added}) = 0 THEN ${kept}
  WHEN cardinality(${kept}) = 0 OR ${kept}[cardinality(${kept})] <= ${added}[1]
    THEN ${kept} || ${added}
  ELSE analytics_times_plus(${kept}, ${added}) END`;

/** Per customer in a statement's rows: their check times in each channel, ascending (0040). */
const timesOf = (rows: string) => `
  SELECT customer_id, min(business_at) AS first_at,
    coalesce(array_agg(business_at ORDER BY business_at) FILTER (WHERE channel = 'offline'),
      '{}') AS offline_at,
    coalesce(array_agg(business_at ORDER BY business_at) FILTER (WHERE channel = 'online'),
      '{}') AS online_at
  FROM ${rows} WHERE customer_id IS NOT NULL GROUP BY customer_id`;

/**
 * Marks a statement's customers for the cohort counts (0042's `analytics_cohort_mark`, which a
 * trigger on `analytics_customers` ran after the times changed; now the same function does it).
 */
const markCohorts = (rows: string) => `
  INSERT INTO analytics_cohort_dirty (customer_id)
  SELECT DISTINCT customer_id FROM ${rows} WHERE customer_id IS NOT NULL ORDER BY customer_id
  ON CONFLICT (customer_id) DO UPDATE SET customer_id = excluded.customer_id;`;

/** Adds a statement's rows to their customers' times (a new customer gets a row), and marks them. */
const addTimes = (rows: string) => `
  INSERT INTO analytics_customers AS c (customer_id, first_at, offline_at, online_at)
  ${timesOf(rows)}
  ON CONFLICT (customer_id) DO UPDATE SET
    first_at = least(c.first_at, excluded.first_at),
    offline_at = ${plusTimes('c.offline_at', 'excluded.offline_at')},
    online_at = ${plusTimes('c.online_at', 'excluded.online_at')};
  ${markCohorts(rows)}`;

/** Takes a statement's rows off their customers' times, and their first check with them (0040). */
const takeTimes = (rows: string) => `
  UPDATE analytics_customers c SET
    offline_at = analytics_times_minus(c.offline_at, r.offline_at),
    online_at = analytics_times_minus(c.online_at, r.online_at)
  FROM (${timesOf(rows)}) r WHERE c.customer_id = r.customer_id;
  DELETE FROM analytics_customers
  WHERE customer_id IN (SELECT customer_id FROM ${rows})
    AND cardinality(offline_at) = 0 AND cardinality(online_at) = 0;
  UPDATE analytics_customers SET first_at = least(offline_at[1], online_at[1])
  WHERE customer_id IN (SELECT customer_id FROM ${rows});
  ${markCohorts(rows)}`;

/** The rows of an update whose channel changed, as they were (`o`) or are (`n`). */
const movedRows = (side: 'o' | 'n') => `
  (SELECT ${side}.* FROM before_change o JOIN after_change n USING (live, id)
    WHERE o.channel <> n.channel) moved`;

const plpgsql = (name: string, body: string) => `
  CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${body}
      RETURN NULL;
    END $$`;

/** A statement's rows of `customer_purchase_days` as net purchases and money per customer and day. */
const netOf = (sides: [string, string][]) => `
  SELECT customer_id, day, sum(n)::bigint AS n, sum(m)::bigint AS m
  FROM (${sides
    .map(
      ([rows, sign]) =>
        `SELECT customer_id, day, ${sign} * purchase_count AS n, ${sign} * spent_minor AS m FROM ${rows}`,
    )
    .join(' UNION ALL ')}) changed
  GROUP BY customer_id, day`;

/**
 * The same as changes per customer (0041): the changed days, ascending, with running totals of
 * the purchases and money they add, and whether every changed day gains purchases (`adds`).
 */
const changesOf = (sides: [string, string][]) => `
  SELECT customer_id, array_agg(day ORDER BY day) AS days,
    array_agg(purchases ORDER BY day) AS purchases, array_agg(spent ORDER BY day) AS spent,
    bool_and(n > 0) AS adds
  FROM (
    SELECT customer_id, day, n, (sum(n) OVER w)::bigint AS purchases, (sum(m) OVER w)::bigint AS spent
    FROM (${netOf(sides)}
    ) net
    WINDOW w AS (PARTITION BY customer_id ORDER BY day)
  ) running
  GROUP BY customer_id`;

/** `array` with `by` added to each element, in order. */
const shifted = (array: string, by: string) =>
  `ARRAY(SELECT x + ${by} FROM unnest(${array}) WITH ORDINALITY u (x, i) ORDER BY i)`;

const last = (array: string) => `${array}[cardinality(${array})]`;

/** The running totals' merge when `kept` ends before the changes start (or is empty): appended. */
const appendable = (kept: string, changes: string) =>
  `(cardinality(${kept}.days) = 0 OR ${last(`${kept}.days`)} < ${changes}.days[1])`;

/**
 * Adds a statement's changes to their customers' running totals. A customer whose changes only
 * add purchases takes one upsert: a new customer's row is the changes' running totals as they
 * are (what merging them into an empty row gives), a row whose days all come before the changes
 * gets them appended on top of its last totals (a till's purchase today), and any other row is
 * merged by `purchase_totals_plus`. The upsert waits for a concurrent writer's insert and merges
 * into the row as it stands when its lock is taken, so two writers of one customer both land.
 * A customer whose changes take purchases off a day goes 0041's way: an empty row first, then
 * the merge; rows are kept when they empty (a merged profile's).
 */
const addChanges = (sides: [string, string][]) => `
  INSERT INTO customer_purchase_totals AS t (customer_id, days, purchases, spent_minor)
  SELECT customer_id, days, purchases, spent FROM (${changesOf(sides)}) c
  WHERE adds ORDER BY customer_id
  ON CONFLICT (customer_id) DO UPDATE SET (days, purchases, spent_minor) = (
    SELECT t.days || excluded.days,
      t.purchases || ${shifted('excluded.purchases', `coalesce(${last('t.purchases')}, 0)`)},
      t.spent_minor || ${shifted('excluded.spent_minor', `coalesce(${last('t.spent_minor')}, 0)`)}
    WHERE ${appendable('t', 'excluded')}
    UNION ALL
    SELECT * FROM purchase_totals_plus(t.days, t.purchases, t.spent_minor, excluded.days,
      excluded.purchases, excluded.spent_minor)
    WHERE NOT ${appendable('t', 'excluded')});
  IF EXISTS (SELECT FROM (${netOf(sides)}) net WHERE n <= 0) THEN
    INSERT INTO customer_purchase_totals (customer_id)
    SELECT customer_id FROM (${changesOf(sides)}) c WHERE NOT adds ORDER BY customer_id
    ON CONFLICT (customer_id) DO NOTHING;
    UPDATE customer_purchase_totals t SET (days, purchases, spent_minor) = (
      SELECT * FROM purchase_totals_plus(t.days, t.purchases, t.spent_minor, c.days, c.purchases,
        c.spent))
    FROM (${changesOf(sides)}) c
    WHERE t.customer_id = c.customer_id AND NOT c.adds;
  END IF;`;

/**
 * The per-statement trigger work made cheaper (issue 13: a history import's database time;
 * issue 15: a commit's). Same results, row for row:
 * - The cohort marks (0042) are made by the functions that change the check times, in the same
 *   order (times first, then marks), instead of by three triggers on `analytics_customers`
 *   reading its changed rows back.
 * - Check times are appended when they come after a customer's last one (a till's check, a
 *   customer's first checks); only the rest are sorted by `analytics_times_plus`.
 * - Purchase totals (0041): one upsert per customer whose changes only add purchases, appended
 *   when they come after the customer's days, instead of an empty row, its update and a merge.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    'DROP TRIGGER analytics_cohorts_insert ON analytics_customers',
    'DROP TRIGGER analytics_cohorts_update ON analytics_customers',
    'DROP TRIGGER analytics_cohorts_delete ON analytics_customers',
    'DROP FUNCTION analytics_cohort_mark()',
    plpgsql('analytics_first_added', addTimes('added')),
    plpgsql('analytics_first_removed', takeTimes('removed')),
    plpgsql(
      'analytics_customer_channel',
      `IF NOT EXISTS (SELECT 1 FROM ${movedRows('o')}) THEN RETURN NULL; END IF;
      ${takeTimes(movedRows('o'))}
      ${addTimes(movedRows('n'))}`,
    ),
    plpgsql('purchase_totals_added', addChanges([['added', '1']])),
    plpgsql('purchase_totals_removed', addChanges([['removed', '-1']])),
    plpgsql(
      'purchase_totals_changed',
      addChanges([
        ['after_change', '1'],
        ['before_change', '-1'],
      ]),
    ),
  ]);
}
