import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Db, openDatabase, type StorageTarget } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { backendCpuMs, backendCpuSince } from './backend-cpu.ts';
import { freePort, serverFlags } from './http-servers.ts';
import { freshDatabase } from './scratch-database.ts';
import { type StatementScenario, startStatementScenario } from './statement-scenario.ts';
import { countRequests } from './statements.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// As `npm start` runs it (package.json).
const nodeFlags = serverFlags;
const CLIENTS = 16;
const SECONDS = Number(process.env.PERK_BENCH_SECONDS ?? 10);
const HOT_SECONDS = Math.max(3, SECONDS / 2);
const CUSTOMERS = 200;
const REDEEM_POINTS = 300;
const BESIDE_CLIENTS = 4;

/** What one load run measured on the server. */
interface LoadRun {
  commits: number;
  failures: number;
  seconds: number;
  latenciesMs: number[];
  /** The server process's CPU time over the run, ms: user + system, and system alone. */
  serverCpuMs: number;
  serverSystemMs: number;
  /** The CPU of the PostgreSQL backends serving the server's database over the run (0: PGlite). */
  backendCpuMs: number;
}

/** A Perk server process on a database the scenario was set up in, with its POS key. */
interface RunningServer {
  base: string;
  /** The PostgreSQL database it serves; '' on PGlite. */
  database: string;
  posKey: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The commit throughput: `POST /v1/purchases` through a listening server in its own
 * process (half accrual-only, half redeeming, over the statement scenario: a tier programme, two
 * rule segments, one active campaign), 16 keep-alive clients, beside `pgbench -N -c16 -j2` on a
 * scratch database of the same PostgreSQL in the same run. Then one customer's commits from
 * one client, and from 16 at once (queued by the customer's lock), and the same load on an
 * embedded PGlite data folder (durable commits). Statements per commit are counted on the same scenario (`bench/statements.ts`). The server runs from
 * `dist/` as `npm start` runs it: `npm run build` first. Scratch databases are named after
 * DATABASE_URL's (`<db>_pgbench`, `<db>_commit_bench`), so two runs on one database collide.
 */
export async function runCommitBench(
  runs: readonly ('postgres' | 'pglite')[] = ['postgres', 'pglite'],
): Promise<string> {
  const url = process.env.DATABASE_URL;
  const lines = ['## Commit throughput', ''];
  const rows: string[] = [];
  const verdicts: string[] = [];
  const rate = (run: LoadRun) => run.commits / run.seconds;
  const verdict = (met: boolean) => (met ? 'met' : 'not met');
  let statements = '';
  if (runs.includes('postgres') && url) {
    const pgbenchTps = await runPgbench(url);
    const scratch = await freshDatabase(url, 'commit_bench');
    const prepared = await prepare({ kind: 'postgres', url: scratch });
    statements = prepared.statements;
    const database = new URL(scratch).pathname.slice(1);
    const server = await startServer({ DATABASE_URL: scratch }, prepared.posKey, database);
    let postgres: LoadRun;
    let hot: LoadRun;
    let hotParallel: LoadRun;
    let besideHot: LoadRun;
    try {
      await warmUp(server, prepared.customers);
      postgres = await load(server, mixedBodies(prepared.customers), CLIENTS, SECONDS);
      hot = await load(server, mixedBodies(prepared.customers.slice(0, 1)), 1, HOT_SECONDS);
      hotParallel = await load(
        server,
        mixedBodies(prepared.customers.slice(0, 1)),
        CLIENTS,
        HOT_SECONDS,
      );
      // Other customers' commits while that customer's go on: the node's pool is for them too.
      [, besideHot] = await Promise.all([
        load(server, mixedBodies(prepared.customers.slice(0, 1)), CLIENTS, HOT_SECONDS),
        load(server, mixedBodies(prepared.customers.slice(1)), BESIDE_CLIENTS, HOT_SECONDS),
      ]);
    } finally {
      await server.stop();
    }
    rows.push(row(`PostgreSQL, ${CLIENTS} clients`, postgres));
    rows.push(row('PostgreSQL, one customer, one client', hot));
    rows.push(
      row(`PostgreSQL, one customer, ${CLIENTS} clients (serialized by its lock)`, hotParallel),
    );
    rows.push(
      row(
        `PostgreSQL, other customers, ${BESIDE_CLIENTS} clients beside the ${CLIENTS} of one customer`,
        besideHot,
        true,
      ),
    );
    const ratio = rate(postgres) / pgbenchTps;
    verdicts.push(
      `pgbench \`-N -c${CLIENTS} -j2 -T${SECONDS}\` on a scratch database in the same run: ` +
        `${pgbenchTps.toFixed(0)} tps; Perk ${ratio.toFixed(3)}× of it ` +
        `(target ≥ 0.25×: ${verdict(ratio >= 0.25)}). One hot customer: ` +
        `${rate(hot).toFixed(0)} commits/s from one client, ${rate(hotParallel).toFixed(0)}/s ` +
        `from ${CLIENTS} (target ≥ 300: ${verdict(Math.max(rate(hot), rate(hotParallel)) >= 300)}); ` +
        'the customer gains a purchase and a lot with every commit, thousands in the run.',
    );
  } else if (runs.includes('postgres')) {
    verdicts.push('DATABASE_URL not set: the PostgreSQL runs and pgbench were skipped.');
  }
  if (runs.includes('pglite')) {
    const { run, statements: counted } = await runPglite();
    statements ||= counted;
    rows.push(row(`PGlite data folder, ${CLIENTS} clients`, run));
    verdicts.push(
      `PGlite durable commits: ${rate(run).toFixed(0)}/s ` +
        `(target ≥ 300: ${verdict(rate(run) >= 300)}).`,
    );
  }
  lines.push(
    `Half accrual-only, half redeeming (${REDEEM_POINTS} points) commits of a 3-line check over ` +
      `${CUSTOMERS} customers, on the statement scenario (tier programme, two rule segments, one ` +
      `active purchase-count campaign), sent over HTTP keep-alive to \`perk start\` in its own ` +
      `process (${SECONDS} s, after the idle server goes quiet and a 1 s warm-up). Server CPU is ` +
      "the process's user + system time over the run divided by its commits. Reproduce: " +
      '`npm run build && npx tsx bench/commit.ts [postgres|pglite]` (DATABASE_URL for the PostgreSQL runs; ' +
      'PERK_BENCH_SECONDS sets the length; PERK_DB_POOL_SIZE reaches the server).',
    '',
    '| run | commits/s | p50 ms | p99 ms | server CPU ms per commit (system) | PostgreSQL backends CPU ms per commit | failed |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Statements per commit (counted on the same scenario): ${statements}.`,
    '',
    ...verdicts.flatMap((line) => [line, '']),
  );
  return lines.join('\n');
}

/** The load on an embedded database in a data folder (durable commits), set up afresh. */
async function runPglite(): Promise<{ run: LoadRun; statements: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'perk-commit-bench-'));
  try {
    const prepared = await prepare({ kind: 'pglite', dataDir });
    const server = await startServer({ DATABASE_URL: '', PERK_DATA_DIR: dataDir }, prepared.posKey);
    try {
      await warmUp(server, prepared.customers);
      const run = await load(server, mixedBodies(prepared.customers), CLIENTS, SECONDS);
      return { run, statements: prepared.statements };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A table row; `shared` when another load ran beside it (its CPU is not its own: left out). */
function row(name: string, run: LoadRun, shared = false): string {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const perCommit = (ms: number) => (run.commits > 0 ? ms / run.commits : 0).toFixed(2);
  const server = shared ? '—' : `${perCommit(run.serverCpuMs)} (${perCommit(run.serverSystemMs)})`;
  const backends = shared || run.backendCpuMs <= 0 ? '—' : perCommit(run.backendCpuMs);
  return (
    `| ${name} | ${(run.commits / run.seconds).toFixed(0)} | ${at(0.5).toFixed(1)} | ` +
    `${at(0.99).toFixed(1)} | ${server} | ${backends} | ${run.failures} |`
  );
}

/** `pgbench -N` tps on a fresh scratch database beside the one of `url`. */
async function runPgbench(url: string): Promise<number> {
  const scratch = await freshDatabase(url, 'pgbench');
  const init = spawnSync('pgbench', ['-i', '-q', scratch], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`pgbench -i: ${init.stderr}`);
  const run = spawnSync('pgbench', ['-N', `-c${CLIENTS}`, '-j2', `-T${SECONDS}`, scratch], {
    encoding: 'utf8',
  });
  const tps = /tps = ([\d.]+)/.exec(run.stdout)?.[1];
  if (run.status !== 0 || !tps) throw new Error(`pgbench: ${run.stderr}`);
  return Number(tps);
}

/**
 * Migrates the database, sets the statement scenario up in it, counts a commit's statements
 * and gives `CUSTOMERS` customers points to spend; closes it for the server to open.
 */
async function prepare(
  target: StorageTarget,
): Promise<{ posKey: string; customers: string[]; statements: string }> {
  const db: Db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const scenario = await startStatementScenario(db);
    try {
      const counts = await countRequests(scenario, 1);
      const count = (kind: string) =>
        counts
          .find((c) => c.kind === kind)
          ?.statements.filter((sql) => !sql.includes('ruleset_versions')).length ?? 0;
      const statements =
        `accrual-only ${count('accrual-only commit')}, ` + `redeeming ${count('redeeming commit')}`;
      const customers: string[] = [];
      for (let i = 0; i < CUSTOMERS; i++) customers.push(await scenario.newCustomer(1_000_000));
      return { posKey: scenario.posKey, customers, statements };
    } finally {
      await scenario.close();
    }
  } finally {
    await db.destroy();
  }
}

/** Request bodies in turn: customers round-robin, every other check redeeming. */
function mixedBodies(customers: readonly string[]): (scenario: BodyMaker) => object {
  let next = 0;
  return (maker) => {
    const i = next++;
    return maker(customers[i % customers.length] as string, i % 2 === 1 ? REDEEM_POINTS : 0);
  };
}

type BodyMaker = StatementScenario['purchase'];

let sequence = 0;
const purchaseBody: BodyMaker = (customerId, redeemPoints) => ({
  storeId: 'msk',
  transactionId: `bench-${process.pid}-${++sequence}`,
  customer: { id: customerId },
  ...(redeemPoints > 0 ? { redeemPoints } : {}),
  lines: [
    { lineId: '1', sku: 'MILK', unitPriceMinor: 8_990, quantity: 2 },
    { lineId: '2', sku: 'BREAD', unitPriceMinor: 4_500, quantity: 1 },
    { lineId: '3', sku: 'CHEESE', unitPriceMinor: 54_900, quantity: 1 },
  ],
});

/**
 * `perk start` (the built CLI, as `npm start` runs it, without demo data) on `env`'s database,
 * until /health answers. PERK_BENCH_PROFILE=<dir> writes the server's CPU profile there.
 */
async function startServer(
  env: Record<string, string>,
  posKey: string,
  database = '',
): Promise<RunningServer> {
  const port = await freePort();
  const profile = process.env.PERK_BENCH_PROFILE;
  const flags = profile ? [...nodeFlags, '--cpu-prof', `--cpu-prof-dir=${profile}`] : nodeFlags;
  const child = spawn(process.execPath, [...flags, 'bin/perk.js', 'start'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const start = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`perk start exited with ${child.exitCode}`);
    const healthy = await fetch(`${base}/health`).then(
      (answer) => answer.ok,
      () => false,
    );
    if (healthy) break;
    if (performance.now() - start > 120_000) throw new Error('perk start: no /health in 120 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    base,
    database,
    posKey,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The server's user and system CPU time so far, ms (Linux /proc). */
function cpuMs(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are the 14th and 15th fields, counted from the pid; 100 ticks a second.
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/**
 * Waits until the idle server spends under 5% of a core for a second: after /health it still
 * compiles its routes' validators and serializers in the background, which is no commit's cost.
 */
async function untilQuiet(pid: number): Promise<void> {
  const total = () => {
    const { user, system } = cpuMs(pid);
    return user + system;
  };
  const start = performance.now();
  for (;;) {
    const before = total();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (total() - before < 50 || performance.now() - start > 60_000) return;
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(server: RunningServer, body: object): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = request(
      `${server.base}/v1/purchases`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${server.posKey}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (answer) => {
        answer.resume();
        answer.on('end', () => resolve(answer.statusCode ?? 0));
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

/** A second of the mix, so caches, JIT and the pool are warm before the measured run. */
async function warmUp(server: RunningServer, customers: readonly string[]): Promise<void> {
  await untilQuiet(server.process.pid as number);
  await load(server, mixedBodies(customers), CLIENTS, 1);
}

/** `clients` loops each sending the next body and awaiting its answer, for `seconds`. */
async function load(
  server: RunningServer,
  next: (maker: BodyMaker) => object,
  clients: number,
  seconds: number,
): Promise<LoadRun> {
  const pid = server.process.pid as number;
  const latenciesMs: number[] = [];
  let commits = 0;
  let failures = 0;
  const cpuBefore = cpuMs(pid);
  const backendsBefore = backendCpuMs(server.database);
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        const status = await post(server, next(purchaseBody));
        latenciesMs.push(performance.now() - sent);
        if (status === 201 || status === 200) commits++;
        else failures++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpuAfter = cpuMs(pid);
  return {
    commits,
    failures,
    seconds: elapsed,
    latenciesMs,
    serverCpuMs: cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system,
    serverSystemMs: cpuAfter.system - cpuBefore.system,
    backendCpuMs: backendCpuSince(backendsBefore, server.database),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const chosen = process.argv.slice(2).filter((arg) => arg === 'postgres' || arg === 'pglite');
  console.log(await runCommitBench(chosen.length > 0 ? chosen : undefined));
  agent.destroy();
}
