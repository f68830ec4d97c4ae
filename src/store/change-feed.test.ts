import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { appendRulesetVersion } from '../promotions/ruleset-versions.ts';
import { type ChangeTopic, listenForChanges } from './change-feed.ts';
import type { Db } from './database.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

// PostgreSQL only (vitest.config.ts, postgresOnly): an embedded database is held by one process,
// which hears nothing from others and is given the local feed.
let database: TestDatabase;
let db: Db;
let url: string;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const scoped = new URL(process.env.DATABASE_URL as string);
  scoped.searchParams.set('options', `-c search_path=${rows[0]?.schema}`);
  url = scoped.toString();
});
afterAll(() => database.close());

/** A feed of its own (named, so the test can cut its connection) and what it has heard. */
async function feed() {
  const name = `perk-changes-test-${randomBytes(4).toString('hex')}`;
  const heard: ChangeTopic[] = [];
  const errors: unknown[] = [];
  const changes = listenForChanges(url, {
    applicationName: name,
    firstBackoffMs: 50,
    onError: (error) => errors.push(error),
  });
  changes.subscribe((topic) => heard.push(topic));
  await changes.started;
  return { name, heard, errors, changes };
}

async function until(condition: () => boolean, withinMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - started;
}

async function listeners(name: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from pg_stat_activity where application_name = ${name}`.execute(
    db,
  );
  return rows[0]?.count ?? 0;
}

describe('the change feed', () => {
  it('hears a ruleset, programme and store change within a second of its commit', async () => {
    const { heard, changes } = await feed();
    await db
      .transaction()
      .execute((trx) => appendRulesetVersion(trx, systemActor, 'a test change'));
    expect(await until(() => heard.includes('ruleset'), 1_000)).toBeLessThan(1_000);
    await sql`update config_version set version = version + 1`.execute(db);
    await until(() => heard.includes('programme'), 1_000);
    await sql`update stores set name = name where false`.execute(db);
    await until(() => heard.includes('stores'), 1_000);
    expect(heard).toEqual(['ruleset', 'programme', 'stores']);
    await changes.stop();
  });

  it('hears nothing before the commit, nor from another schema', async () => {
    const { heard, changes } = await feed();
    await db.transaction().execute(async (trx) => {
      await sql`update config_version set version = version + 1`.execute(trx);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual([]);
    });
    await until(() => heard.length === 1, 1_000);
    await sql`select pg_notify('perk_changes', 'ruleset some_other_schema')`.execute(db);
    await sql`update config_version set version = version + 1`.execute(db);
    await until(() => heard.length === 2, 1_000);
    expect(heard).toEqual(['programme', 'programme']);
    await changes.stop();
  });

  it('reconnects after losing its connection and tells everyone to refresh (`all`)', async () => {
    const { name, heard, errors, changes } = await feed();
    expect(await listeners(name)).toBe(1);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = ${name}`.execute(db);
    await until(() => heard.includes('all'), 5_000);
    expect(errors.length).toBeGreaterThan(0);
    await sql`update config_version set version = version + 1`.execute(db);
    await until(() => heard.includes('programme'), 1_000);
    expect(heard).toEqual(['all', 'programme']);
    await changes.stop();
    expect(await listeners(name)).toBe(0);
  });
});
