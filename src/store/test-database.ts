import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

export interface TestDatabase {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Opens another connection pool to the same database (for parallel-client tests). */
  reopen(poolSize?: number): Db;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file, on the driver chosen by PERK_TEST_DRIVER:
 * an in-memory PGlite, or a schema of its own in the PostgreSQL of DATABASE_URL, dropped on close.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const driver = process.env.PERK_TEST_DRIVER === 'postgres' ? 'postgres' : 'pglite';
  if (driver === 'pglite') {
    const db = openDatabase({ kind: 'pglite', dataDir: null });
    await migrateToLatest(db);
    return {
      db,
      driver,
      reopen: () => {
        throw new Error('an in-memory embedded database has a single connection');
      },
      close: () => db.destroy(),
    };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('PERK_TEST_DRIVER=postgres needs DATABASE_URL');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pools: Db[] = [];
  const reopen = (poolSize = 10) => {
    const db = openDatabase({ kind: 'postgres', url, searchPath: schema, poolSize });
    pools.push(db);
    return db;
  };
  const db = reopen();
  await migrateToLatest(db);
  return {
    db,
    driver,
    reopen,
    close: async () => {
      await Promise.all(pools.map((p) => p.destroy()));
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
