import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeHolder, type LockHolder } from '../src/store/data-dir-lock.ts';

// The data-loss hole of issue 11: with `perk start` running on an embedded database, a `perk`
// command on the same directory must go through the server (or refuse), so that what it does
// is seen by the server at once and survives restarts. Real processes, as a user runs them.
const root = new URL('..', import.meta.url).pathname;
const base = mkdtempSync(join(tmpdir(), 'perk-owner-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

const port = 30_000 + (process.pid % 10_000);
const dataDir = join(base, 'data');
// Always the embedded database, whatever DATABASE_URL the test run has.
const env = { ...process.env, PERK_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function perk(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/perk.js', ...args],
      { cwd: root, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

function startServer(listenPort = port): ChildProcess {
  const child = spawn(process.execPath, ['bin/perk.js', 'start'], {
    cwd: root,
    env: { ...env, PORT: String(listenPort), HOST: '127.0.0.1' },
  });
  children.push(child);
  return child;
}

async function untilReady(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

const api = (key: string, path: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${key}` } });

const lockHolder = async (): Promise<LockHolder> =>
  JSON.parse(await readFile(join(dataDir, 'perk.lock'), 'utf8'));

describe('one owner of an embedded database', () => {
  it('takes commands through the running server, keeps them across restarts and kill -9', async () => {
    let server = startServer();
    await untilReady(server);
    const holder = await lockHolder();
    expect(holder).toMatchObject({ pid: server.pid, role: 'server', command: 'perk start' });
    const through = `${dataDir} is held by ${describeHolder(holder)}; this command goes through its API at http://127.0.0.1:${port}.\n`;

    const created = await perk('keys', 'create', '--role', 'admin', '--name', 'owner test');
    expect(created).toMatchObject({ code: 0, stderr: through });
    const key = created.stdout.trim().split('\n').at(-1) as string;
    // The server knows the key at once: it was created through it.
    const keys = await api(key, '/v1/keys');
    expect(keys.status).toBe(200);
    const { items } = (await keys.json()) as { items: { name: string }[] };
    expect(items.map((k) => k.name)).toEqual(['owner test']);

    await writeFile(join(base, 'categories.csv'), 'id;name;parent_id\r\ndairy;Dairy;\r\n');
    // "MILK;Молоко;dairy" in Windows-1251, as Excel saves it in a Russian locale.
    const products = Buffer.concat([
      Buffer.from('sku;name;category_id\r\nMILK;'),
      Buffer.from('cceeebeeeaee', 'hex'),
      Buffer.from(';dairy\r\n'),
    ]);
    await writeFile(join(base, 'products.csv'), products);
    const categories = await perk('import', 'categories', join(base, 'categories.csv'));
    expect(categories).toMatchObject({ code: 0, stderr: through });
    const imported = await perk('import', 'products', join(base, 'products.csv'));
    expect(imported).toMatchObject({ code: 0, stderr: through });
    expect(imported.stdout).toMatch(
      /^.*products\.csv \(Windows-1251, ";"-delimited\): 1 products accepted \(1 created, 0 updated, 0 unchanged\), 0 rows rejected; 1 rows in \d+\.\d s \(\d+ rows\/s\)\n$/,
    );
    const milk = { sku: 'MILK', name: 'Молоко', categoryId: 'dairy' };
    expect(await (await api(key, '/v1/products/MILK')).json()).toMatchObject(milk);
    const audit = (await (await api(key, '/v1/audit?limit=3')).json()) as {
      items: { action: string; actor: { name: string } }[];
    };
    expect(audit.items.map((e) => [e.action, e.actor.name])).toEqual([
      ['products.upsert', 'command line'],
      ['categories.upsert', 'command line'],
      ['api_key.create', 'command line'],
    ]);

    // A clean stop frees the directory; the next start has everything.
    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);
    expect((await readdir(dataDir)).filter((f) => f.startsWith('perk.'))).toEqual([]);
    server = startServer();
    await untilReady(server);
    expect((await api(key, '/v1/keys')).status).toBe(200);
    expect(await (await api(key, '/v1/products/MILK')).json()).toMatchObject(milk);

    // A second server on the same directory refuses and names the first.
    const second = startServer(port + 1);
    const refusal = new Promise<string>((resolve) => {
      let text = '';
      second.stderr?.on('data', (data: Buffer) => {
        text += data.toString();
      });
      second.once('exit', () => resolve(text));
    });
    expect(await exited(second)).toBe(75);
    expect(await refusal).toBe(
      `Cannot start: ${dataDir} is held by ${describeHolder(await lockHolder())}.\n` +
        `Only one process at a time may use an embedded database: stop that one first (kill ${server.pid}), ` +
        'or give this one another PERK_DATA_DIR. While a server runs, perk commands on its directory go through it.\n',
    );

    // kill -9 leaves the lock of a dead process; the next start takes it over.
    const killed = server.pid;
    server.kill('SIGKILL');
    await exited(server);
    expect(await lockHolder()).toMatchObject({ pid: killed, role: 'server' });
    server = startServer();
    await untilReady(server);
    expect(await lockHolder()).toMatchObject({ pid: server.pid, role: 'server' });
    expect(await (await api(key, '/v1/products/MILK')).json()).toMatchObject(milk);
    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);
  }, 600_000);

  it('refuses a command while a process that takes no commands, or does not answer, holds it', async () => {
    const dir = join(base, 'held');
    // A live process that is not Perk stands in for a long import or a hung server.
    const holderProcess = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    children.push(holderProcess);
    const pid = holderProcess.pid as number;
    const holder = {
      pid,
      role: 'command',
      command: 'perk import products',
      token: 'held-by-import',
      since: '2026-03-01T10:00:00.000Z',
      startTime: null,
      bootId: null,
    };
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'perk.lock'), JSON.stringify(holder));
    const run = (...args: string[]) =>
      new Promise<Run>((resolve) => {
        execFile(
          process.execPath,
          ['bin/perk.js', ...args],
          { cwd: root, env: { ...env, PERK_DATA_DIR: dir } },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    expect(await run('keys', 'list')).toEqual({
      code: 75,
      stdout: '',
      stderr:
        `${dir} is in use by "perk import products" (pid ${pid}, since 2026-03-01 10:00:00 UTC), which does not take commands. ` +
        `Wait for it to finish and run this command again; if it hangs, stop it (kill ${pid}).\n`,
    });

    // A server that wrote where it listens but does not answer there.
    const server = { ...holder, role: 'server', command: 'perk start', token: 'hung-server' };
    await writeFile(join(dir, 'perk.lock'), JSON.stringify(server));
    const url = `http://127.0.0.1:${port + 2}`;
    const credential = { lockToken: 'hung-server', pid, url, secret: 'perk_local_x' };
    await writeFile(join(dir, 'perk.credential'), JSON.stringify(credential), { mode: 0o600 });
    const started = Date.now();
    expect(await run('keys', 'create', '--role', 'pos', '--name', 'Till 1')).toEqual({
      code: 75,
      stdout: '',
      stderr:
        `Waiting for "perk start" (pid ${pid}, since 2026-03-01 10:00:00 UTC) to answer…\n` +
        `${dir} is held by "perk start" (pid ${pid}, since 2026-03-01 10:00:00 UTC), which does not answer at ${url} (ECONNREFUSED). ` +
        `If it hangs, stop it (kill ${pid}); then run this command again.\n`,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    // Once the holder is gone, the command holds the directory itself.
    holderProcess.kill('SIGKILL');
    await exited(holderProcess);
    const free = await run('keys', 'list');
    expect(free).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await readdir(dir)).not.toContain('perk.credential');
  }, 300_000);
});
