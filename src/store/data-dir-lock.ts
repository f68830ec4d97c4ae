import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentProcess, isRunning, type ProcessIdentity } from './process-identity.ts';

// Why not a lock package: proper-lockfile and lockfile decide staleness by the file's age, so a
// server killed with -9 would block the next start for their stale period and the holder could
// not be named; fs-ext and os-lock hold a kernel lock through a native addon. A lock file made
// atomically (link, which fails if the name exists, as O_EXCL does) recording the holder's pid,
// start time and boot is small enough to own, and names the holder in every refusal.

/** The file that says who holds an embedded database directory. */
export const lockFileName = 'perk.lock';

export interface LockOwner {
  /** A server takes commands through its API; a command only waits to be done. */
  role: 'server' | 'command';
  /** What runs, for messages: `perk start`, `perk keys create`. */
  command: string;
}

export interface LockHolder extends LockOwner, ProcessIdentity {
  /** Unique to one holding: tells this holding from an earlier one of the same process. */
  token: string;
  /** When the holding began (ISO 8601). */
  since: string;
}

export type LockAttempt =
  | { acquired: true; lock: DataDirLock }
  | { acquired: false; holder: LockHolder };

/** A held lock; release it when the database is closed. */
export class DataDirLock {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {}

  async release(): Promise<void> {
    const path = join(this.dir, lockFileName);
    if ((await readHolder(path))?.token === this.holder.token) await rm(path, { force: true });
  }

  /** For `process.on('exit')`, where nothing asynchronous runs any more. */
  releaseSync(): void {
    const path = join(this.dir, lockFileName);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    if (parseHolder(text)?.token === this.holder.token) rmSync(path, { force: true });
  }
}

/**
 * Takes the lock of an embedded database directory (created if missing), or names the running
 * process that holds it. A lock left by a process that no longer runs (kill -9, power loss) is
 * taken over; when several processes find the same stale lock, exactly one takes it over: the
 * one that creates the takeover file named after that lock's token.
 */
export async function acquireDataDirLock(dir: string, owner: LockOwner): Promise<LockAttempt> {
  await mkdir(dir, { recursive: true });
  const me: LockHolder = {
    ...owner,
    ...currentProcess(),
    token: randomBytes(12).toString('hex'),
    since: new Date().toISOString(),
  };
  const holder = await acquireFile(join(dir, lockFileName), me, 0);
  return holder ? { acquired: false, holder } : { acquired: true, lock: new DataDirLock(dir, me) };
}

// Each nesting level is a takeover of a takeover whose taker died in the microseconds it held
// it; a few levels mean something else is wrong.
const maxDepth = 4;
const attempts = 200;

/** Creates `path` for `me`; returns null when it did, or the running process that holds it. */
async function acquireFile(
  path: string,
  me: LockHolder,
  depth: number,
): Promise<LockHolder | null> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await createExclusive(path, me)) return null;
    const current = await readHolder(path);
    if (current === undefined) continue;
    if (current !== null && isRunning(current)) return current;
    if (depth === maxDepth) break;
    const outcome = await takeOverStale(path, current, me, depth);
    if (outcome === 'acquired') return null;
    if (outcome === 'busy') await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Cannot take the lock ${path}; remove ${path}* by hand if no Perk process runs`);
}

/**
 * Replaces the stale lock `stale` (null: unreadable) at `path` by `me`. Only the process that
 * creates the takeover file named after the stale token may remove that lock, and only while
 * the lock still carries the token: a slower process that saw the same stale lock finds the
 * takeover file taken (`busy`), or a fresh lock when it looks again (`lost`). Exported for tests.
 */
export async function takeOverStale(
  path: string,
  stale: LockHolder | null,
  me: LockHolder,
  depth = 0,
): Promise<'acquired' | 'busy' | 'lost'> {
  const takeover = `${path}.${stale?.token ?? 'unreadable'}.takeover`;
  if (await acquireFile(takeover, me, depth + 1)) return 'busy';
  try {
    const again = await readHolder(path);
    if (again !== undefined && again?.token === stale?.token) await rm(path, { force: true });
    return (await createExclusive(path, me)) ? 'acquired' : 'lost';
  } finally {
    await rm(takeover, { force: true });
  }
}

/** Writes the record aside, then links it in: the name appears whole or not at all. */
async function createExclusive(path: string, me: LockHolder): Promise<boolean> {
  const aside = `${path}.${me.token}.new`;
  await writeFile(aside, `${JSON.stringify(me)}\n`);
  try {
    await link(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(aside, { force: true });
  }
}

/** The holder recorded in a lock file: undefined when there is no file, null when unreadable. */
export async function readHolder(path: string): Promise<LockHolder | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseHolder(text);
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.token !== 'string') return null;
    return {
      pid: value.pid,
      token: value.token,
      role: value.role === 'server' ? 'server' : 'command',
      command: String(value.command ?? 'perk'),
      since: String(value.since ?? ''),
      startTime: typeof value.startTime === 'string' ? value.startTime : null,
      bootId: typeof value.bootId === 'string' ? value.bootId : null,
    };
  } catch {
    return null;
  }
}

/** `"perk start" (pid 4242, since 2025-03-01 10:00:00 UTC)`, for messages. */
export function describeHolder(holder: LockHolder): string {
  const since = holder.since ? `, since ${holder.since.slice(0, 19).replace('T', ' ')} UTC` : '';
  return `"${holder.command}" (pid ${holder.pid}${since})`;
}
