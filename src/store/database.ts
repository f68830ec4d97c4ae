import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import type PgDriver from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { defaultPgliteSharedBuffersMb } from './pglite-settings.ts';
import { templateArchive } from './pglite-template.ts';
import { defaultPreparedStatements, preparingPool } from './prepared-statements.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export type StorageTarget =
  | {
      kind: 'postgres';
      url: string;
      searchPath?: string;
      poolSize?: number;
      /** Distinct texts sent as named prepared statements (`preparingPool`); 1 000 by default. */
      preparedStatements?: number;
    }
  | {
      kind: 'pglite';
      dataDir: string | null;
      sharedBuffersMb?: number;
      /** As on PostgreSQL, through PGlite's protocol (`PGliteDialect`); 1 000 by default. */
      preparedStatements?: number;
    };

// Type OIDs of PostgreSQL: int8 and date.
const INT8 = 20;
const DATE = 1082;
// int8 arrives as a string by default; our bigints hold counters and minor units far below 2^53,
// so they are read as numbers. A calendar date is not an instant: kept as 'YYYY-MM-DD' instead
// of a Date at local midnight.
const parsers = {
  [INT8]: (value: string) => Number(value),
  [DATE]: (value: string) => value,
};

let driver: typeof PgDriver | undefined;

/**
 * The PostgreSQL driver, loaded on first use: it takes some 70 ms to load, which a shop's server
 * on the embedded database would spend on every start for nothing.
 */
export function pgDriver(): typeof PgDriver {
  if (driver === undefined) {
    const loaded = createRequire(import.meta.url)('pg') as typeof PgDriver;
    loaded.types.setTypeParser(INT8, parsers[INT8]);
    loaded.types.setTypeParser(DATE, parsers[DATE]);
    driver = loaded;
  }
  return driver;
}

/** Opens the database. `dataDir: null` keeps an embedded database in memory (tests). */
export function openDatabase(target: StorageTarget): Db {
  if (target.kind === 'postgres') {
    const pool = new (pgDriver().Pool)({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      ...(target.searchPath ? { options: `-c search_path=${target.searchPath}` } : {}),
    });
    // An idle connection the server closes (restart, failover) is replaced on next use; without
    // a listener its error would end the process.
    pool.on('error', () => undefined);
    const prepared = target.preparedStatements ?? defaultPreparedStatements;
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: prepared > 0 ? preparingPool(pool, prepared) : pool }),
    });
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  // Options go in one object: PGlite ignores a second argument when the first is not a path.
  const archive = target.dataDir ? undefined : templateArchive();
  const sharedBuffersMb = target.sharedBuffersMb ?? defaultPgliteSharedBuffersMb;
  const pglite = new PGlite({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(archive ? { loadDataDir: archive } : {}),
    parsers,
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffersMb}MB`],
  });
  return new Kysely<Database>({
    dialect: new PGliteDialect(pglite, target.preparedStatements ?? defaultPreparedStatements),
  });
}

export function describeTarget(target: StorageTarget): string {
  if (target.kind === 'postgres') return `PostgreSQL ${new URL(target.url).host}`;
  return target.dataDir ? `embedded PGlite in ${target.dataDir}` : 'embedded PGlite in memory';
}
