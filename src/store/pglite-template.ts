import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { knownMigrations, migrateToLatest } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

/**
 * A new embedded database starts as a copy of an empty one made at build time, initialised and
 * migrated: PGlite's initdb and the migrations were some 10 s of a first `npm start`, copying the
 * 41 MB folder takes a tenth of one (and an in-memory database of a test loads its archive in a third
 * of the time). The template holds the schema only — no rows but the schema
 * version, no keys, no secrets. Its marker names the PGlite release and the migrations it holds;
 * a template that does not match this build is not used, and the first start then runs initdb and
 * the migrations as before.
 */
export interface TemplatePlace {
  /** The data folder a new on-disk database is copied from. */
  dir: string;
  /** The same database as PGlite's archive, which an in-memory one (tests) is loaded from. */
  archive: string;
  marker: string;
}

// Two levels up from this file is the package root both from src/store/ and from the bundle in
// dist/bin/.
const root = fileURLToPath(new URL('../../', import.meta.url));
export const builtTemplate: TemplatePlace = {
  dir: join(root, 'dist', 'pgdata-template'),
  archive: join(root, 'dist', 'pgdata-template.tar.gz'),
  marker: join(root, 'dist', 'pgdata-template.json'),
};

interface Marker {
  pglite: string;
  migrations: string[];
}

function wantedMarker(): Marker {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@electric-sql/pglite');
  const manifest = join(dirname(entry), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { pglite: version, migrations: knownMigrations() };
}

function templateMatches(place: TemplatePlace): boolean {
  const parts = [place.marker, place.archive, join(place.dir, 'PG_VERSION')];
  if (!parts.every((part) => existsSync(part))) return false;
  const found = JSON.parse(readFileSync(place.marker, 'utf8')) as Marker;
  return JSON.stringify(found) === JSON.stringify(wantedMarker());
}

/** Makes the template unless one for this PGlite and these migrations is there already. */
export async function buildTemplate(place: TemplatePlace = builtTemplate): Promise<boolean> {
  if (templateMatches(place)) return false;
  rmSync(place.marker, { force: true });
  rmSync(place.dir, { recursive: true, force: true });
  const pglite = new PGlite({ dataDir: place.dir });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  try {
    await migrateToLatest(db);
    const archive = await pglite.dumpDataDir('gzip');
    writeFileSync(place.archive, Buffer.from(await archive.arrayBuffer()));
  } finally {
    await db.destroy();
  }
  // Written last: a build interrupted before this line leaves no template that looks complete.
  writeFileSync(place.marker, `${JSON.stringify(wantedMarker())}\n`);
  return true;
}

/**
 * Fills `dataDir` from the template when it holds no database yet (PGlite's PG_VERSION is the
 * mark of one) and a matching template exists; answers whether it did. The 1 300 files are
 * copied at once (a third of the time of one by one); PG_VERSION last, so a copy cut short is
 * simply made again on the next start.
 */
export async function startFromTemplate(
  dataDir: string,
  place: TemplatePlace = builtTemplate,
): Promise<boolean> {
  if (existsSync(join(dataDir, 'PG_VERSION')) || !templateMatches(place)) return false;
  const entries = await readdir(place.dir, { recursive: true, withFileTypes: true });
  const inData = (path: string) => join(dataDir, relative(place.dir, path));
  await mkdir(dataDir, { recursive: true });
  for (const entry of entries) {
    if (entry.isDirectory())
      await mkdir(inData(join(entry.parentPath, entry.name)), { recursive: true });
  }
  const marker = join(place.dir, 'PG_VERSION');
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => path !== marker);
  await Promise.all(files.map((path) => copyFile(path, inData(path))));
  await copyFile(marker, inData(marker));
  return true;
}

/** The template as an archive for an in-memory database, or undefined when none matches. */
export function templateArchive(place: TemplatePlace = builtTemplate): Blob | undefined {
  return templateMatches(place) ? new Blob([readFileSync(place.archive)]) : undefined;
}
