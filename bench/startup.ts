import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, serverFlags } from './http-servers.ts';

const HELP_RUNS = 7;
const SERVER_RUNS = 5;
const root = fileURLToPath(new URL('..', import.meta.url));
// As `npm start` runs it (package.json).
const nodeFlags = serverFlags;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Seconds a command takes from spawn to exit. */
function timed(args: readonly string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.status}`);
  return (performance.now() - start) / 1000;
}

interface Started {
  /** Seconds until /health answered 200: the process listens. */
  health: number;
  /** Seconds until /ready answered 200: the demo is written and the node takes traffic. */
  ready: number;
}

/**
 * Times `perk start --demo` on `dataDir` from spawn until /health, then until /ready answers 200;
 * the server is then stopped with SIGTERM and awaited, so the directory is free for the next start.
 */
async function startUntilReady(
  dataDir: string,
  through: 'node' | 'npm' = 'node',
): Promise<Started> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: '',
    PERK_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  const start = performance.now();
  // Through npm as the README says (npm's own start is part of what a person waits for), or
  // the same command without it. Its own process group, so npm and the server stop together.
  const server =
    through === 'npm'
      ? spawn('npm', ['start'], { cwd: root, env, stdio: 'ignore', detached: true })
      : spawn(process.execPath, [...nodeFlags, 'bin/perk.js', 'start', '--demo'], {
          cwd: root,
          env,
          stdio: 'ignore',
          detached: true,
        });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const answers = (path: string) =>
    fetch(`http://127.0.0.1:${port}${path}`).then(
      (answer) => answer.ok,
      () => false,
    );
  try {
    let health: number | undefined;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`perk start exited with ${server.exitCode}`);
      const seconds = () => (performance.now() - start) / 1000;
      if (health === undefined && (await answers('/health'))) health = seconds();
      if (health !== undefined && (await answers('/ready'))) return { health, ready: seconds() };
      if (seconds() > 120) throw new Error('perk start: not ready in 120 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    process.kill(-(server.pid as number), 'SIGTERM');
    await exited;
  }
}

/**
 * Start-up of the compiled CLI and server (built first, as `npm ci` builds it): `perk --help`;
 * `perk start --demo` on a fresh embedded database until /health answers and until /ready does
 * (the demo written); a warm restart on that directory. Medians; the baseline is `node -e 0`
 * measured in the same run, so a loaded or slower machine shows in both.
 */
export async function runStartupBench(): Promise<string> {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const baseline: number[] = [];
  const help: number[] = [];
  for (let run = 0; run < HELP_RUNS; run++) {
    baseline.push(timed(['-e', '0']));
    help.push(timed([...nodeFlags, 'bin/perk.js', '--help']));
  }
  const first: number[] = [];
  const firstReady: number[] = [];
  const warm: number[] = [];
  const firstByNpm: number[] = [];
  for (let run = 0; run < SERVER_RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'perk-startup-'));
    const npmDir = mkdtempSync(join(tmpdir(), 'perk-startup-npm-'));
    try {
      const fresh = await startUntilReady(dataDir);
      first.push(fresh.health);
      firstReady.push(fresh.ready);
      warm.push((await startUntilReady(dataDir)).health);
      firstByNpm.push((await startUntilReady(npmDir, 'npm')).health);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(npmDir, { recursive: true, force: true });
    }
  }
  const base = median(baseline);
  const row = (what: string, values: number[], target?: number) => {
    const m = median(values);
    const verdict =
      target === undefined ? '' : m < target ? `< ${target} s: met` : `< ${target} s: NOT met`;
    return `| ${what} | ${values.length} | ${m.toFixed(2)} | ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} | ${(m / base).toFixed(1)}× | ${verdict} |`;
  };
  return [
    '## Start-up',
    '',
    "The compiled, bundled CLI (`dist/bin/`, as `npm ci` builds it), run as `npm start` runs it. Server: `perk start --demo` on an embedded PGlite directory, timed from spawn until `GET /health` answers 200 and until `GET /ready` does; first start on a fresh directory (copied from the build's migrated template, then the demo written after `listen`), then a warm restart on the same directory.",
    'Baseline: `node -e 0`, same run.',
    '',
    '| what | runs | median s | range s | × baseline | target |',
    '|---|---:|---:|---:|---:|---|',
    row('baseline: `node -e 0`', baseline),
    row('`perk --help`', help, 1),
    row('first start, fresh directory, until /health', first, 3),
    row('first start, fresh directory, until /ready (demo written)', firstReady),
    row('first start through `npm start` (as the README says), until /health', firstByNpm, 3),
    row('warm restart, until /health', warm, 3),
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runStartupBench());
}
