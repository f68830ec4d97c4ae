import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate.ts';
import { countStatements } from './statement-counter.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

describe('migrations on start', () => {
  it('reads two statements and applies nothing when the database is up to date', async () => {
    database = await createTestDatabase();
    const counter = countStatements(database.db);
    expect(await migrateToLatest(counter.db)).toEqual([]);
    expect(counter.statements()).toHaveLength(2);
  });

  it('leaves a database with a migration this build does not know to the migrator, which refuses', async () => {
    database = await createTestDatabase();
    await sql`insert into perk_migrations (name, timestamp) values ('9999-from-a-newer-perk', '2026-12-05T00:00:00Z')`.execute(
      database.db,
    );
    await expect(migrateToLatest(database.db)).rejects.toThrow(/9999-from-a-newer-perk|corrupted/);
  });
});
