import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { buildApp } from '../src/api/app.ts';
import { overloadGuardOff, readConfig } from '../src/config.ts';
import { type Db, openDatabase, type StorageTarget } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { backendCpuMs, backendCpuSince } from './backend-cpu.ts';
import { freshDatabase } from './scratch-database.ts';
import { startStatementScenario } from './statement-scenario.ts';

const COMMITS = Number(process.env.PERK_BENCH_COMMITS ?? 2_000);
const CLIENTS = 16;
const CUSTOMERS = 200;
const REDEEM_POINTS = 300;

/** What one timed loop of commits cost the process. */
interface Timed {
  commits: number;
  wallMs: number;
  /** This process's CPU (user + system) over the loop, ms, and its system part. */
  cpuMs: number;
  systemMs: number;
  /** The CPU of the PostgreSQL backends serving the database, ms (0 on PGlite). */
  backendMs: number;
}

/**
 * The commit path's cost in-process, where the machine's load cannot blur it: the statement
 * scenario (tier programme, two rule segments, one active campaign) is set up, then `COMMITS`
 * commits (half accrual-only, half redeeming) go through the whole HTTP stack by `inject` on an
 * app without the statement counter, 16 at a time, then `COMMITS / 4` of one customer's commits
 * one after another. Prints CPU ms per commit (this process: Node and, on PGlite, the database
 * too), statements and round trips per commit, and writes a CPU profile of the 16-client loop
 * with its top self-time functions. On PGlite (a data folder: durable commits) it also times a
 * bare `INSERT` loop, each its own transaction, as the embedded database's own ceiling.
 * Usage: `npx tsx bench/commit-profile.ts [postgres|pglite]` (postgres needs DATABASE_URL; the
 * scratch database `<db>_commit_profile` is dropped and made afresh).
 */
export async function profileCommits(kind: 'postgres' | 'pglite'): Promise<string> {
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'perk-commit-profile-')) : null;
  const target: StorageTarget =
    kind === 'pglite'
      ? { kind, dataDir, preparedStatements: readConfig().databasePreparedStatements }
      : {
          kind,
          url: await freshDatabase(requiredUrl(), 'commit_profile'),
          preparedStatements: readConfig().databasePreparedStatements,
        };
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const scenario = await startStatementScenario(db);
    const customers: string[] = [];
    for (let i = 0; i < CUSTOMERS; i++) customers.push(await scenario.newCustomer(1_000_000));
    const statements = await countPerCommit(scenario, customers);
    await scenario.close();
    const config = {
      ...readConfig({}),
      logLevel: 'info' as const,
      overload: overloadGuardOff,
    };
    // Request logs go where a server's go, but to /dev/null: their cost counts, not the terminal's.
    const app = await buildApp({ db, config, logStream: createWriteStream('/dev/null') });
    try {
      const commit = committer(app, scenario.posKey);
      const database = target.kind === 'postgres' ? new URL(target.url).pathname.slice(1) : '';
      await runLoop(commit, customers, CLIENTS, 200);
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      const mixed = await runLoop(commit, customers, CLIENTS, COMMITS, database);
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const hot = await runLoop(
        commit,
        customers.slice(0, 1),
        1,
        Math.max(100, COMMITS / 4),
        database,
      );
      const file = join(tmpdir(), `commit-profile-${kind}-${process.pid}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      const lines = [
        `## Commit path in-process, ${kind === 'pglite' ? 'PGlite data folder' : 'PostgreSQL'}`,
        '',
        `statements per commit: ${statements.map((c) => c.statements).join(', ')} (BEGIN and COMMIT not counted); ` +
          (kind === 'postgres'
            ? `round trips (writes to PostgreSQL's socket): ${statements.map((c) => c.roundTrips).join(', ')}`
            : 'round trips: none (in-process)'),
        describe(`${CLIENTS} clients, ${mixed.commits} commits`, mixed),
        describe(`one customer serialized, ${hot.commits} commits`, hot),
      ];
      if (dataDir) lines.push(await bareInserts(join(dataDir, '..', `bare-${process.pid}`)));
      lines.push('', `profile: ${file}`, '', ...topSelfTime(profile as Profile, 30));
      return lines.join('\n');
    } finally {
      await app.close();
    }
  } finally {
    await db.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

type Commit = (customerId: string, redeemPoints: number) => Promise<void>;

let sequence = 0;

function committer(app: Awaited<ReturnType<typeof buildApp>>, posKey: string): Commit {
  return async (customerId, redeemPoints) => {
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/purchases',
      headers: { authorization: `Bearer ${posKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        storeId: 'msk',
        transactionId: `profile-${process.pid}-${++sequence}`,
        customer: { id: customerId },
        ...(redeemPoints > 0 ? { redeemPoints } : {}),
        lines: [
          { lineId: '1', sku: 'MILK', unitPriceMinor: 8_990, quantity: 2 },
          { lineId: '2', sku: 'BREAD', unitPriceMinor: 4_500, quantity: 1 },
          { lineId: '3', sku: 'CHEESE', unitPriceMinor: 54_900, quantity: 1 },
        ],
      }),
    });
    if (answer.statusCode !== 201) throw new Error(`commit ${answer.statusCode}: ${answer.body}`);
  };
}

/** `total` commits by `clients` loops over `customers` round-robin, every other one redeeming. */
async function runLoop(
  commit: Commit,
  customers: readonly string[],
  clients: number,
  total: number,
  database = '',
): Promise<Timed> {
  let next = 0;
  const backends = backendCpuMs(database);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        await commit(customers[i % customers.length] as string, i % 2 === 1 ? REDEEM_POINTS : 0);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    commits: total,
    wallMs: performance.now() - start,
    cpuMs: (used.user + used.system) / 1000,
    systemMs: used.system / 1000,
    backendMs: backendCpuSince(backends, database),
  };
}

function describe(name: string, run: Timed): string {
  return (
    `${name}: ${(run.cpuMs / run.commits).toFixed(2)} ms CPU per commit ` +
    `(system ${(run.systemMs / run.commits).toFixed(2)})` +
    (run.backendMs > 0
      ? `, PostgreSQL backends ${(run.backendMs / run.commits).toFixed(2)} ms CPU per commit, `
      : ', ') +
    `${((run.commits * 1000) / run.wallMs).toFixed(0)} commits/s (wall, noisy)`
  );
}

/**
 * Statements one accrual-only and one redeeming commit send, counted on the scenario's handle, and
 * the round trips to PostgreSQL: the node's writes to its sockets (a write is followed by a wait
 * for the answers; statements pipelined together travel in one write).
 */
async function countPerCommit(
  scenario: Awaited<ReturnType<typeof startStatementScenario>>,
  customers: readonly string[],
): Promise<{ statements: number; roundTrips: number }[]> {
  const customer = customers[0] as string;
  const counts: { statements: number; roundTrips: number }[] = [];
  const socket = Socket.prototype as unknown as Record<
    '_write' | '_writev',
    (...a: unknown[]) => void
  >;
  const write = socket._write;
  const writev = socket._writev;
  let writes = 0;
  socket._write = function (this: Socket, ...args) {
    writes++;
    return write.apply(this, args);
  };
  socket._writev = function (this: Socket, ...args) {
    writes++;
    return writev.apply(this, args);
  };
  try {
    for (const redeem of [0, 0, REDEEM_POINTS]) {
      writes = 0;
      const sent = await scenario.send(
        'POST',
        '/v1/purchases',
        scenario.purchase(customer, redeem),
      );
      if (sent.status !== 201) throw new Error(`count: ${JSON.stringify(sent.body)}`);
      const statements = sent.statements.filter((s) => !s.includes('ruleset_versions')).length;
      // The ruleset's version check (by time, at most once a second) is counted apart, as above.
      counts.push({ statements, roundTrips: writes - (sent.statements.length - statements) });
    }
  } finally {
    socket._write = write;
    socket._writev = writev;
  }
  // The first warms the caches and makes the customer's tier and progress rows.
  return counts.slice(1);
}

/** The embedded database's own ceiling: single-row INSERTs, each its own durable transaction. */
async function bareInserts(dir: string): Promise<string> {
  const db: Db = openDatabase({ kind: 'pglite', dataDir: dir });
  try {
    await sql`create table bare (id serial primary key, n int not null)`.execute(db);
    const total = 2_000;
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      await db.transaction().execute((trx) => sql`insert into bare (n) values (${i})`.execute(trx));
    }
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - start;
    return (
      `PGlite baseline, ${total} single-INSERT transactions (BEGIN, INSERT, COMMIT): ` +
      `${((used.user + used.system) / 1000 / total).toFixed(3)} ms CPU each, ` +
      `${((total * 1000) / wall).toFixed(0)}/s`
    );
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
}

/** The `count` functions with the most samples of their own, with their share of all samples. */
function topSelfTime(profile: Profile, count: number): string[] {
  const byNode = new Map<number, number>();
  for (const id of profile.samples) byNode.set(id, (byNode.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      .replace(/^.*node_modules\//, '')
      .replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (byNode.get(node.id) ?? 0));
  }
  const total = profile.samples.length;
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, n]) => `${((n * 100) / total).toFixed(1).padStart(5)}%  ${name}`);
}

function requiredUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is needed for the PostgreSQL profile');
  return url;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const kind = process.argv.includes('pglite') ? 'pglite' : 'postgres';
  console.log(await profileCommits(kind));
}
