import type { PerkConfig } from '../config.ts';
import {
  acquireDataDirLock,
  type DataDirLock,
  type LockHolder,
  type LockOwner,
} from './data-dir-lock.ts';
import { type Db, openDatabase, type StorageTarget } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { startFromTemplate } from './pglite-template.ts';
import { discardUnfinishedFill } from './unfinished-fill.ts';

export function storageTarget(config: PerkConfig): StorageTarget {
  return config.databaseUrl
    ? {
        kind: 'postgres',
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        preparedStatements: config.databasePreparedStatements,
      }
    : {
        kind: 'pglite',
        dataDir: config.dataDir,
        sharedBuffersMb: config.pgliteSharedBuffersMb,
        preparedStatements: config.databasePreparedStatements,
      };
}

export type OwnedDatabase =
  | {
      kind: 'opened';
      db: Db;
      /** The embedded database directory's lock; null on PostgreSQL, which many may share. */
      lock: DataDirLock | null;
      /** Closes the database, then lets the next process have the directory. */
      close(): Promise<void>;
    }
  | { kind: 'held'; holder: LockHolder };

/**
 * Opens the configured database and brings its schema up to date. An embedded database is
 * opened only by the one process that holds its directory's lock (two writers would lose each
 * other's data); when another running process holds it, nothing is opened and the holder is
 * named. On PostgreSQL nothing is locked.
 */
export async function openOwnedDatabase(
  config: PerkConfig,
  owner: LockOwner,
): Promise<OwnedDatabase> {
  let lock: DataDirLock | null = null;
  if (!config.databaseUrl) {
    const attempt = await acquireDataDirLock(config.dataDir, owner);
    if (!attempt.acquired) return { kind: 'held', holder: attempt.holder };
    lock = attempt.lock;
  }
  try {
    if (!config.databaseUrl) {
      if (await discardUnfinishedFill(config.dataDir)) {
        console.error(
          `The demo programme in ${config.dataDir} was cut short when Perk last stopped; ` +
            'that half-written database is emptied and starts again as new.',
        );
      }
      // A new embedded database starts as a copy of the build's migrated one.
      await startFromTemplate(config.dataDir);
    }
    const db = openDatabase(storageTarget(config));
    await migrateToLatest(db);
    return {
      kind: 'opened',
      db,
      lock,
      close: async () => {
        await db.destroy();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}
