import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { knownMigrations, migrateToLatest } from './migrate.ts';
import {
  buildTemplate,
  startFromTemplate,
  type TemplatePlace,
  templateArchive,
} from './pglite-template.ts';
import { countStatements } from './statement-counter.ts';

let scratch: string;
let place: TemplatePlace;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'perk-template-'));
  place = {
    dir: join(scratch, 'template'),
    archive: join(scratch, 'template.tar.gz'),
    marker: join(scratch, 'template.json'),
  };
  expect(await buildTemplate(place)).toBe(true);
}, 300_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the embedded database template', () => {
  it('is made once per PGlite release and migration set', async () => {
    expect(JSON.parse(readFileSync(place.marker, 'utf8')).migrations).toEqual(knownMigrations());
    expect(await buildTemplate(place)).toBe(false);
  });

  it('opens with the shared buffers it is given, 32 MB by default', async () => {
    const dataDir = join(scratch, 'buffers');
    await startFromTemplate(dataDir, place);
    const setting = async (db: ReturnType<typeof openDatabase>) => {
      try {
        const { rows } = await sql<{
          sb: string;
        }>`select current_setting('shared_buffers') as sb`.execute(db);
        return rows[0]?.sb;
      } finally {
        await db.destroy();
      }
    };
    expect(await setting(openDatabase({ kind: 'pglite', dataDir }))).toBe('32MB');
    expect(await setting(openDatabase({ kind: 'pglite', dataDir, sharedBuffersMb: 8 }))).toBe(
      '8MB',
    );
  });

  it('fills an empty data folder, which then opens with every migration applied', async () => {
    const dataDir = join(scratch, 'fresh');
    expect(await startFromTemplate(dataDir, place)).toBe(true);
    const db = openDatabase({ kind: 'pglite', dataDir });
    try {
      const counter = countStatements(db);
      expect(await migrateToLatest(counter.db)).toEqual([]);
      // The fast path: the two reads that find the schema up to date, nothing applied.
      expect(counter.statements()).toHaveLength(2);
      const rows = await db.selectFrom('config_version').select('version').execute();
      expect(rows).toEqual([{ version: 1 }]);
      expect(await db.selectFrom('api_keys').select('id').execute()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('loads an in-memory database from its archive, migrated and empty', async () => {
    const archive = templateArchive(place);
    expect(archive).toBeDefined();
    const pglite = new PGlite({ loadDataDir: archive as Blob });
    try {
      const { rows } = await pglite.query<{ count: number }>(
        'select count(*)::int as count from perk_migrations',
      );
      expect(rows).toEqual([{ count: knownMigrations().length }]);
    } finally {
      await pglite.close();
    }
  });

  it('never touches a folder that holds a database', async () => {
    const dataDir = join(scratch, 'fresh');
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(await startFromTemplate(dataDir, place)).toBe(false);
  });

  it('copies again over a copy that was cut short (PG_VERSION is written last)', async () => {
    const dataDir = join(scratch, 'cut-short');
    expect(await startFromTemplate(dataDir, place)).toBe(true);
    rmSync(join(dataDir, 'PG_VERSION'));
    writeFileSync(join(dataDir, 'postgresql.conf'), 'half a file');
    expect(await startFromTemplate(dataDir, place)).toBe(true);
    expect(readFileSync(join(dataDir, 'postgresql.conf'))).toEqual(
      readFileSync(join(place.dir, 'postgresql.conf')),
    );
  });

  it('is not used when it holds other migrations than this build knows', async () => {
    const stale = { ...place, marker: join(scratch, 'stale.json') };
    const marker = JSON.parse(readFileSync(place.marker, 'utf8'));
    writeFileSync(stale.marker, JSON.stringify({ ...marker, migrations: ['0001-foundation'] }));
    expect(await startFromTemplate(join(scratch, 'other'), stale)).toBe(false);
    expect(templateArchive(stale)).toBeUndefined();
    expect(existsSync(join(scratch, 'other', 'PG_VERSION'))).toBe(false);
  });
});
