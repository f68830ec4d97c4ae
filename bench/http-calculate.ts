import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { commandLineActor } from '../src/access/actor.ts';
import { createApiKey } from '../src/access/api-keys.ts';
import {
  defaultOverloadDelayMs,
  embeddedInFlightSlots,
  readConfig,
  suggestedInFlightSlots,
} from '../src/config.ts';
import { defaultRulesetSettings } from '../src/engine/index.ts';
import { type Db, openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { cart, catalogue, prng, promotions } from './engine-fixtures.ts';
import {
  type ServerProcess,
  startHelloWorld,
  startPerk,
  startShapedHelloWorld,
} from './http-servers.ts';
import { type LoadRequest, type LoadResult, load } from './load.ts';
import { startStatementScenario } from './statement-scenario.ts';

const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const PROMOTIONS = 100;
const CARTS = 20;
const LOTS = 1000;

/** What the load needs of a seeded database: a till's key and the carts of two customers. */
export interface CalculateCase {
  adminKey: string;
  posKey: string;
  /** Calculate requests for the customer with one open lot, and the one with 1 000. */
  oneLot: LoadRequest[];
  manyLots: LoadRequest[];
}

/**
 * The statement bench's programme (a tier with automatic upgrades, two rule segments, a campaign)
 * plus a chain's catalogue (5 000 products in 260 categories) and 100 active promotions of every
 * mechanic from the engine bench, some for those segments; two customers holding points, one in
 * a single lot and one in 1 000.
 */
export async function seedCalculateCase(db: Db): Promise<CalculateCase> {
  await migrateToLatest(db);
  const scenario = await startStatementScenario(db);
  const admin = (await createApiKey(db, commandLineActor, { name: 'bench', role: 'admin' })).key;
  const posKey = (await createApiKey(db, commandLineActor, { name: 'till', role: 'pos' })).key;
  const send = async (method: 'PUT' | 'POST', url: string, payload: object) => {
    const answer = await scenario.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${admin}` },
      payload,
    });
    if (answer.statusCode >= 300) throw new Error(`${method} ${url}: ${answer.body}`);
  };
  const random = prng(15);
  const products = catalogue(random);
  const categories = [...new Set(products.flatMap((p) => p.categoryIds))].map((id) => ({
    id,
    name: id,
    parentId: id.includes('-') ? id.slice(0, id.lastIndexOf('-')) : null,
  }));
  await send('PUT', '/v1/categories', { categories });
  await send('PUT', '/v1/products', {
    products: products.map((p) => ({
      sku: p.sku,
      name: p.sku,
      categoryId: p.categoryIds[0],
      brand: p.brand,
    })),
  });
  await send('PUT', '/v1/ruleset/settings', {
    ...defaultRulesetSettings,
    stackingGroups: [
      { id: 'sales', mode: 'best' },
      { id: 'personal', mode: 'cumulative' },
      { id: 'points', mode: 'cumulative' },
    ],
    maxCheckDiscountBp: 5000,
  });
  const year = new Date().getUTCFullYear();
  for (const promotion of promotions(random, products, PROMOTIONS)) {
    const segmentIds = promotion.audience?.segmentIds?.map((id, i) =>
      (Number(id.slice(4)) + i) % 2 === 0 ? 'women' : 'dairy-buyers',
    );
    await send('POST', '/v1/promotions?overrideReason=bench', {
      ...promotion,
      validFrom: `${year - 1}-01-01T00:00:00+03:00`,
      validTo: `${year + 1}-01-01T00:00:00+03:00`,
      ...(segmentIds ? { audience: { ...promotion.audience, segmentIds } } : {}),
    });
  }
  const oneLot = await scenario.newCustomer(500);
  const manyLots = await scenario.newCustomer(500);
  await scenario.addLots(manyLots, LOTS - 1);
  await scenario.close();
  const carts = Array.from({ length: CARTS }, () => cart(random, products, 10).lines);
  const requests = (customerId: string): LoadRequest[] =>
    carts.map((lines) => ({
      method: 'POST',
      path: '/v1/carts/calculate',
      headers: { authorization: `Bearer ${posKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        storeId: 'msk',
        customer: { id: customerId },
        redeemPoints: 100,
        lines: lines.map((l) => ({
          lineId: l.lineId,
          sku: l.sku,
          unitPriceMinor: l.unitPriceMinor,
          ...(l.quantityMilli ? { quantityMilli: l.quantityMilli } : { quantity: l.quantity }),
        })),
      }),
    }));
  return { adminKey: admin, posKey, oneLot: requests(oneLot), manyLots: requests(manyLots) };
}

/** A database of its own for one run: a PGlite directory, or a fresh PostgreSQL database. */
export interface BenchStorage {
  label: string;
  /** PGlite, whose defaults differ (the overload guards are off). */
  embedded: boolean;
  open(): Db;
  server(extra?: {
    env?: Record<string, string>;
    cpuProfileDir?: string;
    nodeFlags?: readonly string[];
  }): Promise<ServerProcess>;
  drop(): Promise<void>;
}

export function pgliteStorage(): BenchStorage {
  const dataDir = mkdtempSync(join(tmpdir(), 'perk-http-'));
  return {
    label: 'PGlite (directory)',
    embedded: true,
    open: () => openDatabase({ kind: 'pglite', dataDir }),
    server: (extra = {}) => startPerk({ dataDir, ...extra }),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function postgresStorage(url: string): Promise<BenchStorage> {
  const name = `perk_http_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const databaseUrl = target.toString();
  return {
    label: 'PostgreSQL',
    embedded: false,
    open: () => openDatabase({ kind: 'postgres', url: databaseUrl }),
    server: (extra = {}) => startPerk({ databaseUrl, ...extra }),
    async drop() {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Seeds `storage` and answers the case, with the database closed again for the server. */
export async function seededCase(storage: BenchStorage): Promise<CalculateCase> {
  const db = storage.open();
  try {
    return await seedCalculateCase(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Waits until every scheduled job has run once: a fresh server runs them all at start, and the
 * promotion watch over 100 promotions takes tens of seconds of CPU, which would be measured as
 * the calculate path's. Answers the seconds waited.
 */
export async function settled(server: ServerProcess, adminKey: string): Promise<number> {
  const start = performance.now();
  for (;;) {
    const answer = await fetch(`${server.url}/v1/jobs`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    // A fresh node busy with its jobs may refuse the call for overload: asked again.
    if (!answer.ok) {
      await answer.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    const { items } = (await answer.json()) as {
      items: { lastRun: { outcome: string } | null }[];
    };
    if (items.every((job) => job.lastRun !== null && job.lastRun.outcome !== 'running'))
      return (performance.now() - start) / 1000;
    if (performance.now() - start > 600_000) throw new Error('jobs still running after 600 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Autocannon against Perk's calculate, one warm-up second first (route compile, caches). */
export async function loadCalculate(
  server: ServerProcess,
  requests: readonly LoadRequest[],
  seconds = SECONDS,
  overallRate?: number,
): Promise<LoadResult> {
  const first = () =>
    fetch(`${server.url}/v1/carts/calculate`, {
      method: 'POST',
      headers: requests[0]?.headers,
      body: requests[0]?.body ?? null,
    });
  let answer = await first();
  // Refused for overload (a loaded machine): asked again until the node takes calls.
  for (let i = 0; i < 120 && answer.status === 503; i++) {
    await answer.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 500));
    answer = await first();
  }
  if (answer.status !== 200) throw new Error(`calculate: ${answer.status} ${await answer.text()}`);
  const options = { url: server.url, connections: CONNECTIONS, requests };
  await load({ ...options, seconds: 1 });
  return load({ ...options, seconds, ...(overallRate ? { overallRate } : {}) });
}

/**
 * Fastify answering Perk's own answer to the first request without doing anything: the same
 * request and answer bytes over the same connections, so the ratio shows what they alone cost.
 */
export async function loadShapedHelloWorld(
  server: ServerProcess,
  requests: readonly LoadRequest[],
  seconds = SECONDS,
): Promise<LoadResult> {
  const first = requests[0];
  const answer = await fetch(`${server.url}${first?.path}`, {
    method: first?.method ?? 'POST',
    headers: first?.headers,
    body: first?.body ?? null,
  });
  const shaped = await startShapedHelloWorld(await answer.text());
  try {
    const options = { url: shaped.url, connections: CONNECTIONS, requests };
    await load({ ...options, seconds: 1 });
    return await load({ ...options, seconds });
  } finally {
    await shaped.stop();
  }
}

export async function loadHelloWorld(seconds = SECONDS): Promise<LoadResult> {
  const hello = await startHelloWorld();
  try {
    await load({ url: hello.url, connections: CONNECTIONS, seconds: 1 });
    return await load({ url: hello.url, connections: CONNECTIONS, seconds });
  } finally {
    await hello.stop();
  }
}

/** Calls at twice Perk's peak rate, offered by enough connections to keep that rate up. */
const OVERLOAD_CONNECTIONS = 100;

interface Overload {
  guard: string;
  offered: number;
  result: LoadResult;
}

/**
 * The guards measured at twice the peak: the event-loop delay alone, as set for the peak and
 * latency runs above (explicitly, as the embedded database leaves it off) so that 10 closed-loop
 * connections are not refused slots there; both, the in-flight limit (off unless set) at the value
 * suggested for each database; and none.
 */
function guardsFor(storage: BenchStorage): { label: string; env: Record<string, string> }[] {
  const delay = { PERK_OVERLOAD_DELAY_MS: String(defaultOverloadDelayMs) };
  const limit = {
    PERK_OVERLOAD_IN_FLIGHT: String(
      storage.embedded ? embeddedInFlightSlots : suggestedInFlightSlots(availableParallelism()),
    ),
  };
  return [
    { label: 'loop delay only', env: { ...delay, PERK_OVERLOAD_IN_FLIGHT: '0' } },
    { label: 'loop delay + in-flight limit', env: { ...delay, ...limit } },
    { label: 'none', env: { PERK_OVERLOAD_DELAY_MS: '0', PERK_OVERLOAD_IN_FLIGHT: '0' } },
  ];
}

async function overload(
  server: ServerProcess,
  guard: string,
  requests: readonly LoadRequest[],
  peak: number,
): Promise<Overload> {
  const offered = peak * 2;
  const result = await load({
    url: server.url,
    connections: OVERLOAD_CONNECTIONS,
    seconds: SECONDS,
    requests,
    overallRate: offered,
  });
  return { guard, offered, result };
}

interface Measured {
  label: string;
  hello: number;
  /** The same request and answer bytes with no work behind them. */
  shaped: number;
  peak: LoadResult;
  manyLots: LoadResult;
  atSeventy: LoadResult;
  rssMiB: number;
  /** Seconds from the server answering until its start-up job runs had finished. */
  jobsSeconds: number;
  /** At twice the peak rate, under each guard of `guardsFor` in turn. */
  overloads: Overload[];
}

async function measure(storage: BenchStorage): Promise<Measured> {
  const seeded = await seededCase(storage);
  const [first, ...others] = guardsFor(storage);
  const server = await storage.server({
    env: first?.env ?? {},
    ...(process.env.BENCH_CPU_PROF ? { cpuProfileDir: process.env.BENCH_CPU_PROF } : {}),
  });
  try {
    const jobsSeconds = await settled(server, seeded.adminKey);
    // Hello world before and after Perk's peak, averaged, so the machine's load drifting during
    // the run favours neither side.
    const before = await loadHelloWorld();
    const peak = await loadCalculate(server, seeded.oneLot);
    const after = await loadHelloWorld();
    const shaped = await loadShapedHelloWorld(server, seeded.oneLot);
    const manyLots = await loadCalculate(server, seeded.manyLots);
    const atSeventy = await loadCalculate(server, seeded.oneLot, SECONDS, peak.goodPerSecond * 0.7);
    const rssMiB = server.rssMiB();
    const overloads = [
      await overload(server, first?.label ?? '', seeded.oneLot, peak.goodPerSecond),
    ];
    await server.stop();
    // The others after a restart on the same data, warmed up for 2 s.
    for (const guard of others) {
      const other = await storage.server({ env: guard.env });
      try {
        // A restarted node may run a job at start: measured after it, as the first one was.
        await settled(other, seeded.adminKey);
        await loadCalculate(other, seeded.oneLot, 2);
        overloads.push(await overload(other, guard.label, seeded.oneLot, peak.goodPerSecond));
      } finally {
        await other.stop();
      }
    }
    return {
      label: storage.label,
      hello: (before.perSecond + after.perSecond) / 2,
      shaped: shaped.perSecond,
      peak,
      manyLots,
      atSeventy,
      rssMiB,
      jobsSeconds,
      overloads,
    };
  } finally {
    await server.stop();
  }
}

function overloadRow(m: Measured, o: Overload): string {
  const refused = Object.entries(o.result.statuses)
    .filter(([code]) => code !== '200')
    .map(([code, count]) => `${count} × ${code}`)
    .join(', ');
  return (
    `| ${m.label} | ${o.guard} | ${Math.round(o.offered)} | ${Math.round(o.result.perSecond)} | ` +
    `${Math.round(o.result.goodPerSecond)} (${(o.result.goodPerSecond / m.peak.goodPerSecond).toFixed(2)}× peak) | ` +
    `${o.result.p99.toFixed(0)} | ${refused || 'none'}${o.result.errors ? `, ${o.result.errors} errors` : ''} |`
  );
}

function tableRow(m: Measured): string {
  const ratio = m.peak.goodPerSecond / m.hello;
  const lots = m.manyLots.goodPerSecond / m.peak.goodPerSecond;
  return (
    `| ${m.label} | ${Math.round(m.hello).toLocaleString('en')} | ${Math.round(m.peak.goodPerSecond)} | ` +
    `${ratio.toFixed(3)} | ${Math.round(m.shaped).toLocaleString('en')} (${(m.shaped / m.hello).toFixed(2)}×) | ${m.atSeventy.p99.toFixed(1)} (${m.atSeventy.p50.toFixed(1)}) | ` +
    `${Math.round(m.manyLots.goodPerSecond)} (${lots.toFixed(2)}×) | ${Math.round(m.rssMiB)} |`
  );
}

/** Runs the HTTP calculate benchmark on PGlite and, when DATABASE_URL is set, on PostgreSQL. */
export async function runHttpCalculateBench(): Promise<string> {
  const rows: Measured[] = [];
  const url = readConfig().databaseUrl;
  // Each made only when its turn comes, so a failed run leaves no database behind.
  const storages = [async () => pgliteStorage(), ...(url ? [() => postgresStorage(url)] : [])];
  for (const make of storages) {
    const storage = await make();
    try {
      rows.push(await measure(storage));
    } finally {
      await storage.drop();
    }
  }
  return [
    '## HTTP: calculate against Fastify hello world',
    '',
    `\`perk start\` from the bundle (\`bin/perk.js\`, log level info to a discarded stdout) with ${PROMOTIONS} active promotions of every mechanic, 5 000 products, a tier programme, two rule segments and a campaign; a 10-line cart (${CARTS} different carts in turn) for an identified customer previewing a redemption. Baseline: Fastify's hello world in a child Node with the same flags, measured before and after Perk's peak in the same run (mean); beside it, the same Fastify answering the same requests with Perk's own answer to the first of them and doing nothing else ("same bytes, no work": what the request's and answer's sizes alone cost). autocannon in the bench process, ${CONNECTIONS} connections, ${SECONDS} s a measurement after a 1 s warm-up. p99 at 70%: calls offered at a steady 70% of Perk's peak (open loop, \`paced\` in \`bench/load.ts\`: each call sent when due on a free connection of the 10, its latency counted from when it was due, the generator's 1 ms timer included), latency of the 2xx answers.`,
    '',
    '| storage | hello world req/s | calculate req/s | ratio | same bytes, no work: req/s (× hello world) | p99 (p50) ms at 70% | 1 000 lots req/s (× 1 lot) | RSS after, MiB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(tableRow),
    '',
    `Start-up jobs (the promotion watch over ${PROMOTIONS} promotions among them) finished ${rows.map((m) => `${m.jobsSeconds.toFixed(0)} s (${m.label})`).join(', ')} after the server first answered; measured after.`,
    '',
    `### Overload: twice the peak rate`,
    '',
    `Calculations offered at a steady 2× the peak above (open loop, as at 70%, over up to ${OVERLOAD_CONNECTIONS} connections, ${SECONDS} s) under each guard: the event-loop delay alone (503 \`overloaded\` with Retry-After past a 50 ms mean delay, set explicitly since the embedded database leaves it off; \`PERK_OVERLOAD_IN_FLIGHT=0\`; the server of the runs above), with the in-flight limit at the value suggested for the database (\`PERK_OVERLOAD_IN_FLIGHT\` is off unless set: two slots per core on PostgreSQL, ${embeddedInFlightSlots} on the embedded one), and none; the last two after a restart on the same data. Goodput: 200 answers a second; p99 of the 200 answers.`,
    '',
    '| storage | guard | offered/s | answered/s | goodput/s | p99 ms (accepted) | other answers |',
    '|---|---|---:|---:|---:|---:|---|',
    ...rows.flatMap((m) => m.overloads.map((o) => overloadRow(m, o))),
    '',
    'Targets: goodput ≥ 0.8× peak, p99 of accepted ≤ 50 ms.',
    '',
    'Targets: ratio ≥ 0.35, p99 ≤ 10 ms at 70% of peak, 1 000 lots ≥ 1 lot (within noise); ' +
      `RSS ≤ 400 MiB on PGlite, ≤ 200 MiB on PostgreSQL. ${rows
        .map(
          (m) =>
            `${m.label}: ratio ${m.peak.goodPerSecond / m.hello >= 0.35 ? 'met' : 'NOT met'}, p99 ${m.atSeventy.p99 <= 10 ? 'met' : 'NOT met'}`,
        )
        .join('; ')}.`,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runHttpCalculateBench());
