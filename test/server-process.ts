import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// What the tests that kill a real server (SIGKILL) share: storage of its own and a started server.
export const perkRoot = new URL('..', import.meta.url).pathname;

// The driver this test run uses (the Vitest project sets it).
const driver = process.env.PERK_TEST_DRIVER === 'postgres' ? 'postgres' : 'pglite';

/**
 * The environment of a server with storage of its own: a fresh PGlite directory, or a fresh schema
 * in DATABASE_URL's PostgreSQL; how to remove it is pushed onto `cleanups`.
 */
export async function serverStorage(
  prefix: string,
  cleanups: (() => Promise<void>)[],
): Promise<Record<string, string>> {
  if (driver === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), `perk-${prefix}-`));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return { PERK_DATA_DIR: dir, DATABASE_URL: '' };
  }
  const url = process.env.DATABASE_URL as string;
  const schema = `${prefix.replaceAll('-', '_')}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  cleanups.push(async () => {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return { DATABASE_URL: scoped.toString() };
}

/** `perk start` on `port` with `env`, once /ready answers; killed if it never does. */
export async function startServerProcess(
  env: Record<string, string>,
  port: number,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/perk.js', 'start'], {
    cwd: perkRoot,
    env: {
      // Concurrency and crash suites load a server on purpose: refusals for overload would be noise.
      PERK_OVERLOAD_DELAY_MS: '0',
      PERK_OVERLOAD_IN_FLIGHT: '0',
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
  });
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}
