import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/** A live purchase as analytics counts it (docs/analytics.md, "The checks"). */
const liveCheck = `
  SELECT true, p.id::text, p.customer_id, p.store_id,
    CASE WHEN s.channel = 'pos' THEN 'offline' ELSE 'online' END, p.business_at,
    p.total_minor - coalesce((SELECT sum(r.refund_minor) FROM purchase_return_lines r
      WHERE r.purchase_id = p.id), 0),
    (SELECT coalesce(sum(CASE WHEN l.weighted THEN 1 ELSE l.quantity END), 0)
      FROM purchase_lines l WHERE l.purchase_id = p.id)
  FROM purchases p JOIN stores s ON s.id = p.store_id
  WHERE NOT p.cancelled`;

/** An imported check as analytics counts it. */
const importedCheck = `
  SELECT false, h.check_id, h.customer_id, h.store_id, h.channel, h.business_at, h.paid_minor,
    (SELECT coalesce(sum(CASE WHEN l.quantity_milli % 1000 = 0 THEN l.quantity_milli / 1000
      ELSE 1 END), 0) FROM history_check_lines l WHERE l.check_id = h.check_id)
  FROM history_checks h
  WHERE NOT h.outlier`;

const columns = '(live, id, customer_id, store_id, channel, business_at, revenue_minor, items)';

/**
 * One narrow row per counted check, live or imported, with what analytics reads of it: the
 * figures over ten million purchases read this instead of the purchases (wide rows with their
 * receipts) and their lines and returns. Triggers keep it inside the writing statement, so no
 * writer can forget it and a commit sends no statement more: a purchase and its lines (one
 * statement), a return's lines, a cancellation, a merge moving checks, a store changing channel,
 * imported lines. Cancelled purchases and outliers have no row.
 *
 * `analytics_customers` holds each identified customer's first counted check, anywhere: "new
 * customers" and cohorts read it instead of every customer's whole history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE analytics_checks (
      live boolean NOT NULL,
      id text NOT NULL,
      customer_id uuid,
      store_id text NOT NULL,
      channel text NOT NULL,
      business_at timestamptz NOT NULL,
      revenue_minor bigint NOT NULL,
      items bigint NOT NULL,
      PRIMARY KEY (live, id)
    )`,
    `INSERT INTO analytics_checks ${columns} ${liveCheck}`,
    `INSERT INTO analytics_checks ${columns} ${importedCheck}`,
    'CREATE INDEX analytics_checks_time_idx ON analytics_checks (business_at)',
    `CREATE INDEX analytics_checks_customer_idx ON analytics_checks (customer_id, business_at)
      WHERE customer_id IS NOT NULL`,
    `CREATE TABLE analytics_customers (
      customer_id uuid PRIMARY KEY,
      first_at timestamptz NOT NULL
    )`,
    `INSERT INTO analytics_customers (customer_id, first_at)
      SELECT customer_id, min(business_at) FROM analytics_checks
      WHERE customer_id IS NOT NULL GROUP BY customer_id`,
    // A row changes its customer or time only by a delete and an insert (the functions below).
    `CREATE FUNCTION analytics_first_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_customers (customer_id, first_at)
        SELECT customer_id, min(business_at) FROM added
        WHERE customer_id IS NOT NULL GROUP BY customer_id
        ON CONFLICT (customer_id) DO UPDATE SET first_at = excluded.first_at
        WHERE excluded.first_at < analytics_customers.first_at;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER analytics_checks_first_added AFTER INSERT ON analytics_checks
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION analytics_first_added()`,
    `CREATE FUNCTION analytics_first_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM analytics_customers c USING removed r WHERE c.customer_id = r.customer_id;
        INSERT INTO analytics_customers (customer_id, first_at)
        SELECT a.customer_id, min(a.business_at) FROM analytics_checks a
        WHERE a.customer_id IN (SELECT customer_id FROM removed)
        GROUP BY a.customer_id;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER analytics_checks_first_removed AFTER DELETE ON analytics_checks
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
      EXECUTE FUNCTION analytics_first_removed()`,
    // AFTER triggers see the whole statement's changes: the purchase's lines, written in the
    // purchase's own statement, are there.
    `CREATE FUNCTION analytics_purchases_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_checks ${columns}
        ${liveCheck.replace('FROM purchases p', 'FROM added p')};
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER purchases_analytics_added AFTER INSERT ON purchases
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT
      EXECUTE FUNCTION analytics_purchases_added()`,
    `CREATE FUNCTION analytics_purchase_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM analytics_checks WHERE live AND id = NEW.id::text;
        INSERT INTO analytics_checks ${columns}
        ${liveCheck} AND p.id = NEW.id;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER purchases_analytics_changed
      AFTER UPDATE OF cancelled, customer_id, store_id, business_at, total_minor ON purchases
      FOR EACH ROW EXECUTE FUNCTION analytics_purchase_changed()`,
    `CREATE FUNCTION analytics_refunded() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE analytics_checks a SET revenue_minor = a.revenue_minor - r.refund_minor
        FROM (SELECT purchase_id::text AS id, sum(refund_minor) AS refund_minor
          FROM refunded GROUP BY purchase_id) r
        WHERE a.live AND a.id = r.id;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER purchase_return_lines_analytics AFTER INSERT ON purchase_return_lines
      REFERENCING NEW TABLE AS refunded FOR EACH STATEMENT EXECUTE FUNCTION analytics_refunded()`,
    // Every imported check has lines, written in a statement after it
    // (history/import-history.ts): its row is written once, with them.
    `CREATE FUNCTION analytics_lines_imported() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_checks ${columns}
        SELECT false, h.check_id, h.customer_id, h.store_id, h.channel, h.business_at,
          h.paid_minor, l.items
        FROM (SELECT check_id, sum(CASE WHEN quantity_milli % 1000 = 0
            THEN quantity_milli / 1000 ELSE 1 END) AS items
          FROM imported GROUP BY check_id) l
        JOIN history_checks h ON h.check_id = l.check_id
        WHERE NOT h.outlier
        ON CONFLICT (live, id) DO UPDATE SET items = analytics_checks.items + excluded.items;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER history_check_lines_analytics AFTER INSERT ON history_check_lines
      REFERENCING NEW TABLE AS imported FOR EACH STATEMENT
      EXECUTE FUNCTION analytics_lines_imported()`,
    `CREATE FUNCTION analytics_import_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM analytics_checks WHERE NOT live AND id = NEW.check_id;
        INSERT INTO analytics_checks ${columns}
        ${importedCheck} AND h.check_id = NEW.check_id;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER history_checks_analytics_changed
      AFTER UPDATE OF customer_id, store_id, channel, business_at, paid_minor, outlier
      ON history_checks FOR EACH ROW EXECUTE FUNCTION analytics_import_changed()`,
    `CREATE FUNCTION analytics_store_channel() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE analytics_checks
        SET channel = CASE WHEN NEW.channel = 'pos' THEN 'offline' ELSE 'online' END
        WHERE live AND store_id = NEW.id;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER stores_analytics_channel AFTER UPDATE OF channel ON stores
      FOR EACH ROW WHEN (OLD.channel IS DISTINCT FROM NEW.channel)
      EXECUTE FUNCTION analytics_store_channel()`,
  ]);
}
