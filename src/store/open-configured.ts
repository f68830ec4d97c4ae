import type { PerkConfig } from '../config.ts';
import { type Db, openDatabase, type StorageTarget } from './database.ts';
import { migrateToLatest } from './migrate.ts';

export function storageTarget(config: PerkConfig): StorageTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: config.dataDir };
}

/** Opens the configured database and brings its schema up to date. */
export async function openConfiguredDatabase(config: PerkConfig): Promise<Db> {
  const db = openDatabase(storageTarget(config));
  await migrateToLatest(db);
  return db;
}
