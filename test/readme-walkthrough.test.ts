import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The README's walk-through, run as a newcomer would: `perk start --demo` on a fresh embedded
// database, then every block marked `sh walkthrough`, in order, in one bash. Each answer must
// hold what the README shows after the block (an abridged JSON: fields left out are not
// checked, an array lists some of the elements in order, "…" stands for any value).
const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

interface Step {
  script: string;
  expected: unknown;
}

function walkthroughSteps(markdown: string): Step[] {
  const fence = /```([^\n]*)\n([\s\S]*?)```/g;
  const blocks = [...markdown.matchAll(fence)].map((m) => ({
    info: (m[1] as string).trim(),
    body: m[2] as string,
    start: m.index as number,
    end: (m.index as number) + m[0].length,
  }));
  const steps: Step[] = [];
  blocks.forEach((block, i) => {
    if (block.info !== 'sh walkthrough') return;
    const next = blocks[i + 1];
    const answered = next?.info === 'json' && markdown.slice(block.end, next.start).trim() === '';
    steps.push({ script: block.body, expected: answered ? JSON.parse(next.body) : undefined });
  });
  return steps;
}

/** Where `actual` differs from the abridged `expected`, as JSON pointers with what was found. */
function differences(actual: unknown, expected: unknown, path = ''): string[] {
  if (expected === '…') return actual === undefined ? [`${path}: missing`] : [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: not an array: ${JSON.stringify(actual)}`];
    const found: string[] = [];
    let from = 0;
    expected.forEach((wanted, i) => {
      const at = actual.findIndex((a, j) => j >= from && differences(a, wanted).length === 0);
      if (at < 0) found.push(`${path}/${i}: no element like ${JSON.stringify(wanted)}`);
      else from = at + 1;
    });
    return found;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') {
      return [`${path}: not an object: ${JSON.stringify(actual)}`];
    }
    return Object.entries(expected).flatMap(([key, value]) =>
      differences((actual as Record<string, unknown>)[key], value, `${path}/${key}`),
    );
  }
  return Object.is(actual, expected)
    ? []
    : [`${path}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/** `perk start --demo` as `npm start` runs it; answers the process and the admin key it printed. */
async function startDemoServer(port: number): Promise<{ child: ChildProcess; adminKey: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'perk-readme-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['bin/perk.js', 'start', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      PERK_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
  });
  cleanups.push(() => child.kill('SIGKILL'));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  for (let i = 0; i < 3_000; i++) {
    const key = /Admin key \(shown once\): (\S+)/.exec(output)?.[1];
    if (key) return { child, adminKey: key };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the demo server did not start:\n${output}`);
}

describe('the README', () => {
  it('shows the two commands for a fresh machine first', () => {
    const first = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] as string;
    const commands = first.split('\n').filter((l) => l.trim() !== '');
    expect(commands.map((l) => l.split('#')[0]?.trim())).toEqual([
      'npm ci && npm start',
      'npm ci && npm test',
    ]);
  });

  it('walk-through runs against `npm start` and answers what it shows', async () => {
    const steps = walkthroughSteps(readme);
    expect(steps.filter((s) => s.expected !== undefined).length).toBeGreaterThanOrEqual(9);
    const port = await freePort();
    const { adminKey } = await startDemoServer(port);
    const script = [
      'set -euo pipefail',
      ...steps.map((step, i) => `echo "::step ${i}"\n${step.script}`),
    ].join('\n');
    const { stdout } = await run('bash', ['-c', script], {
      cwd: root,
      env: { ...process.env, PERK: `http://127.0.0.1:${port}`, KEY: adminKey },
      maxBuffer: 16 * 1024 * 1024,
    });
    const outputs = stdout.split(/^::step \d+$/m).slice(1);
    expect(outputs).toHaveLength(steps.length);
    const answers = outputs.map((text) => {
      const last = text.trim().split('\n').at(-1);
      return last ? JSON.parse(last) : undefined;
    });
    const found = steps.flatMap((step, i) =>
      step.expected === undefined
        ? []
        : differences(answers[i], step.expected).map((d) => `step ${i}: ${d}`),
    );
    expect(found).toEqual([]);
    // The key answers, named: the discounted total, the points spent and earned, the return.
    const answered = answers.filter((a) => a !== undefined);
    const purchase = answered.find((a) => a.transactionId === 'A-1001');
    expect(purchase).toMatchObject({ totalMinor: 72_000, redeemedPoints: 150, accruedPoints: 17 });
    const refund = answered.find((a) => a.returnId === 'A-1001-R1');
    expect(refund).toMatchObject({ refundMinor: 28_500, giveBackPoints: 75, takeBackPoints: 8 });
    // Seeding the demo on a first start takes a while on a busy machine.
  }, 600_000);
});
