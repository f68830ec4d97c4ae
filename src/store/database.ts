import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { startFromTemplate, templateArchive } from './pglite-template.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export type StorageTarget =
  | { kind: 'postgres'; url: string; searchPath?: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string | null };

// int8 and numeric arrive as strings by default; our bigints hold counters and minor units far
// below 2^53, so they are read as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// A calendar date is not an instant: keep it as 'YYYY-MM-DD' instead of a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** Opens the database. `dataDir: null` keeps an embedded database in memory (tests). */
export function openDatabase(target: StorageTarget): Db {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      ...(target.searchPath ? { options: `-c search_path=${target.searchPath}` } : {}),
    });
    // An idle connection the server closes (restart, failover) is replaced on next use; without
    // a listener its error would end the process.
    pool.on('error', () => undefined);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  if (target.dataDir) {
    mkdirSync(target.dataDir, { recursive: true });
    startFromTemplate(target.dataDir);
  }
  // Options go in one object: PGlite ignores a second argument when the first is not a path.
  const archive = target.dataDir ? undefined : templateArchive();
  const pglite = new PGlite({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(archive ? { loadDataDir: archive } : {}),
    parsers: {
      [pg.types.builtins.INT8]: (value: string) => Number(value),
      [pg.types.builtins.DATE]: (value: string) => value,
    },
  });
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}

export function describeTarget(target: StorageTarget): string {
  if (target.kind === 'postgres') return `PostgreSQL ${new URL(target.url).host}`;
  return target.dataDir ? `embedded PGlite in ${target.dataDir}` : 'embedded PGlite in memory';
}
