import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownMigrations } from '../store/migrate.ts';

// `perk migrate` as a deploy step runs it: on the suite's driver, a fresh database of its own.
const driver = process.env.PERK_TEST_DRIVER === 'postgres' ? 'postgres' : 'pglite';
let dir: string;
let databaseUrl: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perk-migrate-'));
  if (driver === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('PERK_TEST_DRIVER=postgres needs DATABASE_URL');
    const name = `perk_migrate_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    databaseUrl = target.toString();
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  if (databaseUrl && process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(
      `DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`,
    );
    await admin.end();
  }
});

function perk(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, PERK_DATA_DIR: join(dir, 'data') };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile('node', ['bin/perk.js', ...args], { env }, (error, stdout) =>
      resolve({ code: error ? (error.code as number) : 0, stdout }),
    );
  });
}

describe('perk migrate', () => {
  it('brings a new database up to date and exits; a second run finds nothing to do', async () => {
    const known = knownMigrations();
    const line = `Schema up to date: ${known.length} migrations, the last ${known.at(-1)}.\n`;
    expect(await perk(['migrate'])).toEqual({ code: 0, stdout: line });
    expect(await perk(['migrate'])).toEqual({ code: 0, stdout: line });
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const { rows } = await client.query('SELECT name FROM perk_migrations ORDER BY name');
      await client.end();
      expect(rows.map((row) => row.name)).toEqual(known);
    }
  }, 120_000);
});
