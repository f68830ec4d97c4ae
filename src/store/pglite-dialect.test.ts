import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PGliteDialect } from './pglite-dialect.ts';
import { templateArchive } from './pglite-template.ts';

// As the app opens PGlite (`openDatabase`): int8 as a number, a date as its text.
const parsers = { 20: (value: string) => Number(value), 1082: (value: string) => value };
let open: Kysely<unknown> | undefined;

function database(preparedStatements: number) {
  open = new Kysely<unknown>({
    // From the built template, as tests' databases are: an initdb takes half a minute here.
    dialect: new PGliteDialect(
      new PGlite({ parsers, loadDataDir: templateArchive() }),
      preparedStatements,
    ),
  });
  return open;
}
afterEach(async () => {
  await open?.destroy();
  open = undefined;
});

const prepared = async (db: Kysely<unknown>) =>
  (
    await sql<{
      name: string;
    }>`SELECT name FROM pg_prepared_statements WHERE name LIKE 'perk_%' ORDER BY name`.execute(db)
  ).rows.map((row) => row.name);

describe('PGlite with named prepared statements', { timeout: 120_000 }, () => {
  it('answers parameterised statements as PGlite itself does, each text prepared once', async () => {
    const db = database(10);
    await sql`CREATE TABLE t (id int8 PRIMARY KEY, day date, tags text[], body jsonb, note text)`.execute(
      db,
    );
    const insert = (id: number, note: string | null) =>
      sql`INSERT INTO t VALUES (${id}, ${'2026-12-06'}, ${['a', 'b']}, ${JSON.stringify({ n: id })}, ${note})`.execute(
        db,
      );
    expect(Number((await insert(1, 'x')).numAffectedRows)).toBe(1);
    expect(Number((await insert(2, null)).numAffectedRows)).toBe(1);
    const read = (from: number) =>
      sql`SELECT id, day, tags, body, note FROM t WHERE id >= ${from} ORDER BY id`.execute(db);
    expect((await read(1)).rows).toEqual([
      { id: 1, day: '2026-12-06', tags: ['a', 'b'], body: { n: 1 }, note: 'x' },
      { id: 2, day: '2026-12-06', tags: ['a', 'b'], body: { n: 2 }, note: null },
    ]);
    expect((await read(2)).rows).toHaveLength(1);
    const updated = await sql`UPDATE t SET note = ${'y'} WHERE id > ${0}`.execute(db);
    expect(Number(updated.numAffectedRows)).toBe(2);
    // Three parameterised texts, three names; the DDL went unnamed.
    expect(await prepared(db)).toEqual(['perk_1', 'perk_2', 'perk_3']);
  });

  it('sends every text unnamed when told 0, and texts past the limit unnamed', async () => {
    const none = database(0);
    await sql`SELECT ${1}::int AS one`.execute(none);
    expect(await prepared(none)).toEqual([]);
    await none.destroy();
    const one = database(1);
    expect((await sql<{ v: number }>`SELECT ${1}::int AS v`.execute(one)).rows).toEqual([{ v: 1 }]);
    expect((await sql<{ v: string }>`SELECT ${'b'}::text AS v`.execute(one)).rows).toEqual([
      { v: 'b' },
    ]);
    expect(await prepared(one)).toEqual(['perk_1']);
  });

  it('fails a bad statement as PostgreSQL does, and goes on with the next', async () => {
    const db = database(10);
    await expect(
      sql`SELECT nonsense FROM nowhere WHERE x = ${1}`.execute(db),
    ).rejects.toMatchObject({
      code: '42P01',
    });
    await expect(sql`SELECT 1 / ${0}::int AS v`.execute(db)).rejects.toMatchObject({
      code: '22012',
    });
    expect((await sql<{ v: number }>`SELECT 6 / ${2}::int AS v`.execute(db)).rows).toEqual([
      { v: 3 },
    ]);
    // The text that never parsed holds no name; the one that failed when run keeps its own.
    expect(await prepared(db)).toEqual(['perk_2', 'perk_3']);
  });

  it('keeps a transaction whole: a failure inside rolls back, and the statement works after', async () => {
    const db = database(10);
    await sql`CREATE TABLE t (id int PRIMARY KEY)`.execute(db);
    const insert = (id: number) => sql`INSERT INTO t VALUES (${id})`.execute(db);
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`INSERT INTO t VALUES (${1})`.execute(trx);
        await sql`INSERT INTO t VALUES (${1})`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await insert(2);
    const rows = await sql<{ id: number }>`SELECT id FROM t ORDER BY id`.execute(db);
    expect(rows.rows).toEqual([{ id: 2 }]);
  });

  it('prepares a text afresh after a change of the table made its plan stale', async () => {
    const db = database(10);
    await sql`CREATE TABLE t (id int PRIMARY KEY)`.execute(db);
    await sql`INSERT INTO t VALUES (1)`.execute(db);
    const read = () => sql`SELECT * FROM t WHERE id = ${1}`.execute(db);
    expect((await read()).rows).toEqual([{ id: 1 }]);
    await sql`ALTER TABLE t ADD COLUMN note text DEFAULT 'n'`.execute(db);
    await expect(read()).rejects.toMatchObject({ code: '0A000' });
    expect((await read()).rows).toEqual([{ id: 1, note: 'n' }]);
  });
});
