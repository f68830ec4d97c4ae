import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unfinishedFillName } from '../src/store/unfinished-fill.ts';

// A first `npm start` writes the demo after it listens, in many transactions. A person who stops
// it then (Ctrl-C, a closed terminal, kill -9) must not be left with half a demo and keys nobody
// was shown: the next start writes the demo again, whole.
const root = new URL('..', import.meta.url).pathname;
const base = mkdtempSync(join(tmpdir(), 'perk-demo-cut-'));
const dataDir = join(base, 'data');
const port = 40_000 + (process.pid % 10_000);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
}

function startDemo(): Started {
  const child = spawn(process.execPath, ['bin/perk.js', 'start', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      PERK_DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

const ready = () =>
  fetch(`http://127.0.0.1:${port}/ready`).then(
    async (answer) => ({ status: answer.status, body: await answer.text() }),
    () => null,
  );

async function until<T>(what: string, probe: () => Promise<T | null | undefined>): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('a first start stopped while it writes the demo', () => {
  it('writes the demo again, whole, at the next start', async () => {
    const first = startDemo();
    // Killed once the demo has begun: keys and part of the programme are written by then.
    await until('the demo to be written', async () => {
      const answer = await ready();
      return answer?.status === 503 && answer.body.includes('writing the demo programme');
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(first.output()).not.toContain('Admin key');
    expect(existsSync(join(dataDir, unfinishedFillName))).toBe(true);

    const second = startDemo();
    await until('the demo to be ready', async () => (await ready())?.status === 200);
    expect(second.output()).toContain('was cut short when Perk last stopped');
    const adminKey = await until('the admin key to be printed', async () =>
      second
        .output()
        .match(/Admin key \(shown once\): (\S+)/)
        ?.at(1),
    );
    expect(existsSync(join(dataDir, unfinishedFillName))).toBe(false);
    const keys = await fetch(`http://127.0.0.1:${port}/v1/keys`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(keys.status).toBe(200);
    // The demo's two keys, not those of the first, half-written one beside them.
    const { items } = (await keys.json()) as { items: { name: string }[] };
    expect(items.map((key) => key.name).sort()).toEqual(['Demo admin', 'Demo till']);

    second.child.kill('SIGTERM');
    await exited(second.child);
    // A finished demo is kept: the third start writes nothing and says nothing of it.
    const third = startDemo();
    await until('the restart to be ready', async () => (await ready())?.status === 200);
    expect(third.output()).not.toContain('cut short');
    expect(third.output()).not.toContain('Admin key');
    third.child.kill('SIGTERM');
    await exited(third.child);
  }, 180_000);
});
