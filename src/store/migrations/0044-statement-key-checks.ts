import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/** A foreign key checked per statement instead of per row: `table.column` → `referenced (id)`. */
interface Key {
  /** The constraint's name, kept in the errors so they read as before. */
  name: string;
  table: string;
  column: string;
  referenced: string;
}

const keys: Key[] = [
  {
    name: 'history_checks_store_id_fkey',
    table: 'history_checks',
    column: 'store_id',
    referenced: 'stores',
  },
  {
    name: 'history_checks_customer_id_fkey',
    table: 'history_checks',
    column: 'customer_id',
    referenced: 'customers',
  },
  {
    name: 'customer_skus_customer_id_fkey',
    table: 'customer_skus',
    column: 'customer_id',
    referenced: 'customers',
  },
  {
    name: 'customer_purchase_days_customer_id_fkey',
    table: 'customer_purchase_days',
    column: 'customer_id',
    referenced: 'customers',
  },
];

/** PostgreSQL's own message for a key not found, as a foreign key raises it (SQLSTATE 23503). */
const refuseMissing = (key: Key, missing: string) => `
  RAISE foreign_key_violation USING
    MESSAGE = 'insert or update on table "${key.table}" violates foreign key constraint "${key.name}"',
    DETAIL = format('Key (${key.column})=(%s) is not present in table "${key.referenced}".', ${missing});`;

/**
 * Checks a statement's rows (`rows`) of `key.table`: every key is present, and its row is locked
 * `FOR KEY SHARE` as the per-row check locks it, in key order, so it cannot be deleted or have
 * its id changed before this transaction ends (a deleter waits, then finds these rows). One
 * index probe per distinct key: the lateral lock keeps the planner from scanning the table.
 */
const checkRows = (key: Key, rows: string) => `
  IF EXISTS (
    SELECT FROM (SELECT DISTINCT ${key.column} AS id FROM ${rows}
      WHERE ${key.column} IS NOT NULL ORDER BY 1) r
    LEFT JOIN LATERAL (
      SELECT true AS present FROM ${key.referenced} k WHERE k.id = r.id FOR KEY SHARE) k ON true
    WHERE k.present IS NULL) THEN
    ${refuseMissing(
      key,
      `(SELECT r.${key.column} FROM ${rows} r WHERE r.${key.column} IS NOT NULL AND NOT EXISTS (
        SELECT FROM ${key.referenced} k WHERE k.id = r.${key.column}) LIMIT 1)`,
    )}
  END IF;`;

/** Refuses taking away referenced ids (`gone`, a query of the ids), as the foreign key did. */
const checkGone = (referenced: string, gone: string) =>
  keys
    .filter((key) => key.referenced === referenced)
    .map(
      (key) => `
  IF EXISTS (SELECT FROM ${key.table} t WHERE t.${key.column} IN (${gone})) THEN
    RAISE foreign_key_violation USING
      MESSAGE = 'update or delete on table "${referenced}" violates foreign key constraint "${key.name}" on table "${key.table}"',
      DETAIL = format('Key (id)=(%s) is still referenced from table "${key.table}".',
        (SELECT t.${key.column} FROM ${key.table} t WHERE t.${key.column} IN (${gone}) LIMIT 1));
  END IF;`,
    )
    .join('\n');

const fn = (name: string, body: string) => `
  CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${body}
      RETURN NULL;
    END $$`;

const referencing = [...new Set(keys.map((key) => key.table))];
const referenced = [...new Set(keys.map((key) => key.referenced))];
const keysOf = (table: string) => keys.filter((key) => key.table === table);

/**
 * The foreign keys of the tables a history import fills row by row (`history_checks`,
 * `customer_skus`, `customer_purchase_days`) checked once per statement instead of once per
 * row: the per-row checks were half of the `history_checks` insert and two fifths of the
 * `customer_skus` upsert (issue 13), and a till's commit writes both aggregates too (issue 15).
 * The same guarantees, kept by triggers:
 * - an inserted row's key must be present, its row locked `FOR KEY SHARE` until commit (one
 *   statement per key and insert, in key order); a key changed by an update is checked alike;
 * - deleting a referenced customer or store, or changing its id, is refused while rows refer to
 *   it; a deleter waiting on an inserter's lock finds the inserted rows once it commits, as the
 *   writers run in READ COMMITTED (a new snapshot per statement inside the trigger).
 * The SQLSTATE (23503) and the messages are PostgreSQL's. What the constraints also did and
 * these do not: refuse `TRUNCATE` of a referenced table alone, which Perk never issues.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    ...keys.map((key) => `ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`),
    ...referencing.flatMap((table) => [
      fn(
        `${table}_keys_added`,
        keysOf(table)
          .map((key) => checkRows(key, 'added'))
          .join('\n'),
      ),
      `CREATE TRIGGER ${table}_keys_added AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ${table}_keys_added()`,
      ...keysOf(table).flatMap((key) => [
        `CREATE FUNCTION ${key.name}_changed() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF NEW.${key.column} IS NOT NULL AND NOT EXISTS (
              SELECT FROM ${key.referenced} WHERE id = NEW.${key.column} FOR KEY SHARE) THEN
              ${refuseMissing(key, `NEW.${key.column}`)}
            END IF;
            RETURN NULL;
          END $$`,
        `CREATE TRIGGER ${key.name}_changed AFTER UPDATE OF ${key.column} ON ${table}
          FOR EACH ROW WHEN (OLD.${key.column} IS DISTINCT FROM NEW.${key.column})
          EXECUTE FUNCTION ${key.name}_changed()`,
      ]),
    ]),
    ...referenced.flatMap((table) => [
      fn(`${table}_keys_removed`, checkGone(table, 'SELECT id FROM removed')),
      `CREATE TRIGGER ${table}_keys_removed AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
        EXECUTE FUNCTION ${table}_keys_removed()`,
      `CREATE FUNCTION ${table}_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${checkGone(table, 'SELECT OLD.id')}
          RETURN NULL;
        END $$`,
      `CREATE TRIGGER ${table}_key_changed AFTER UPDATE OF id ON ${table}
        FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
        EXECUTE FUNCTION ${table}_key_changed()`,
    ]),
  ]);
}
