import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  describeHolder,
  type LockHolder,
  lockFileName,
  readHolder,
  takeOverStale,
} from './data-dir-lock.ts';
import { currentProcess } from './process-identity.ts';

let root: string;
let n = 0;
const freshDir = () => join(root, `dir-${++n}`);
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'perk-lock-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const server = { role: 'server', command: 'perk start' } as const;
const command = { role: 'command', command: 'perk keys create' } as const;

/** The pid of a process that has already ended. */
async function deadPid(): Promise<number> {
  const child = execFile(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

async function writeLock(dir: string, holder: Partial<LockHolder>) {
  await mkdir(dir, { recursive: true });
  const record = { ...currentProcess(), ...server, token: 'old', since: '', ...holder };
  await writeFile(join(dir, lockFileName), JSON.stringify(record));
}

const tokenOnDisk = async (dir: string) =>
  JSON.parse(await readFile(join(dir, lockFileName), 'utf8')).token as string;

describe('acquireDataDirLock', () => {
  it('creates the directory, refuses a second holder by name, and frees on release', async () => {
    const dir = freshDir();
    const first = await acquireDataDirLock(dir, server);
    if (!first.acquired) throw new Error('not acquired');
    expect(first.lock.holder).toMatchObject({ pid: process.pid, role: 'server' });
    const second = await acquireDataDirLock(dir, command);
    expect(second).toEqual({ acquired: false, holder: first.lock.holder });
    if (second.acquired) return;
    expect(describeHolder(second.holder)).toBe(
      `"perk start" (pid ${process.pid}, since ${first.lock.holder.since.slice(0, 19).replace('T', ' ')} UTC)`,
    );
    await first.lock.release();
    const third = await acquireDataDirLock(dir, command);
    expect(third.acquired).toBe(true);
    expect(await readdir(dir)).toEqual([lockFileName]);
  });

  it.each([
    ['a process that has ended', async () => ({ pid: await deadPid() })],
    ['a pid now used by a process started later', async () => ({ startTime: '1' })],
    ['a process of an earlier boot', async () => ({ bootId: 'an-earlier-boot' })],
  ])('takes over the lock of %s', async (_, recorded) => {
    const dir = freshDir();
    await writeLock(dir, await recorded());
    const attempt = await acquireDataDirLock(dir, server);
    expect(attempt.acquired).toBe(true);
    expect(await tokenOnDisk(dir)).not.toBe('old');
    expect((await readdir(dir)).sort()).toEqual([lockFileName]);
  });

  it('takes over an unreadable lock file', async () => {
    const dir = freshDir();
    await writeLock(dir, {});
    await writeFile(join(dir, lockFileName), 'not json');
    expect((await acquireDataDirLock(dir, server)).acquired).toBe(true);
  });

  it.each([
    ['a free directory', async () => undefined],
    ['a stale lock', async (dir: string) => writeLock(dir, { pid: await deadPid() })],
  ])('lets exactly one of ten simultaneous takers win %s', async (_, prepare) => {
    const dir = freshDir();
    await prepare(dir);
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () => acquireDataDirLock(dir, command)),
    );
    const winners = attempts.filter((a) => a.acquired);
    expect(winners).toHaveLength(1);
    const winner = winners[0] as { acquired: true; lock: { holder: LockHolder } };
    expect(await tokenOnDisk(dir)).toBe(winner.lock.holder.token);
    for (const a of attempts) if (!a.acquired) expect(a.holder).toEqual(winner.lock.holder);
  });

  it('leaves a lock taken over meanwhile to its new holder when a slower taker comes', async () => {
    const dir = freshDir();
    await writeLock(dir, { pid: await deadPid() });
    const stale = await readHolder(join(dir, lockFileName));
    const first = await acquireDataDirLock(dir, server);
    if (!first.acquired) throw new Error('not acquired');
    // A second process read the same stale lock just before the first took it over.
    const slower = { ...first.lock.holder, pid: await deadPid(), token: 'slower' };
    expect(await takeOverStale(join(dir, lockFileName), stale ?? null, slower)).toBe('lost');
    expect(await tokenOnDisk(dir)).toBe(first.lock.holder.token);
    expect(await readdir(dir)).toEqual([lockFileName]);
  });

  it('takes over a stale lock whose last taker died while taking it over', async () => {
    const dir = freshDir();
    const pid = await deadPid();
    await writeLock(dir, { pid });
    const taker = { ...currentProcess(), ...server, pid, token: 'taker', since: '' };
    await writeFile(join(dir, `${lockFileName}.old.takeover`), JSON.stringify(taker));
    expect((await acquireDataDirLock(dir, server)).acquired).toBe(true);
    expect(await readdir(dir)).toEqual([lockFileName]);
  });

  it('lets exactly one of six processes started at once take over a stale lock', async () => {
    const dir = freshDir();
    await writeLock(dir, { pid: await deadPid() });
    const script = `
      import { acquireDataDirLock } from ${JSON.stringify(new URL('./data-dir-lock.ts', import.meta.url).pathname)};
      const attempt = await acquireDataDirLock(process.argv[1], { role: 'server', command: 'perk start' });
      console.log(attempt.acquired ? 'won' : 'lost to ' + attempt.holder.pid);
      // The winner holds the lock until the test closes its input.
      if (attempt.acquired) process.stdin.on('end', () => attempt.lock.release()).resume();
      else process.stdin.destroy();
    `;
    const children = Array.from({ length: 6 }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir]),
    );
    const outputs = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>((resolve) => {
            let out = '';
            child.stdout.on('data', (data: Buffer) => {
              out += data.toString();
              if (out.endsWith('\n')) resolve(out.trim());
            });
          }),
      ),
    );
    const winner = children[outputs.indexOf('won')];
    expect(outputs.filter((o) => o === 'won')).toHaveLength(1);
    expect(outputs.filter((o) => o === `lost to ${winner?.pid}`)).toHaveLength(5);
    const exited = new Promise((resolve) => winner?.once('exit', resolve));
    for (const child of children) child.stdin.end();
    await exited;
    expect(await readdir(dir)).toEqual([]);
  }, 60_000);
});
