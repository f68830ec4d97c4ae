import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { cart, catalogue, prng } from './engine-fixtures.ts';
import { settled } from './http-calculate.ts';
import { type ServerProcess, startPerk } from './http-servers.ts';
import { type LoadRequest, type LoadResult, load } from './load.ts';
import { type Book, NoRoomForBook, openBook } from './scale-book.ts';
import { customerId, phone } from './scale-customers.ts';

const LARGE = Number(process.env.PERK_BENCH_SCALE_CUSTOMERS ?? 10_000_000);
const SMALL = Number(process.env.PERK_BENCH_SCALE_SMALL ?? 100_000);
const CONNECTIONS = 4;
const SECONDS = Number(process.env.PERK_BENCH_SCALE_SECONDS ?? 10);
const ROUNDS = Number(process.env.PERK_BENCH_SCALE_ROUNDS ?? 2);
/** Each of large, small latencies may be at most this many times the small one's. */
const LIMIT = 1.5;
/** Points a redeeming commit spends: every generated customer holds at least 8 active. */
const REDEEM = 5;

/** The tables a till's calls read or write, and the ones the generator fills besides. */
const tables = [
  'customers',
  'customer_identifiers',
  'customer_tiers',
  'segment_members',
  'points_accounts',
  'points_operations',
  'points_lots',
  'points_entries',
  'purchases',
  'purchase_lines',
  'customer_purchase_days',
  'customer_purchase_totals',
  'customer_skus',
  'campaign_progress',
  'analytics_checks',
  'analytics_customers',
  'customer_rfm',
];

type Endpoint = 'balance' | 'calculate' | 'commit';
const endpoints: readonly Endpoint[] = ['balance', 'calculate', 'commit'];

// The engine bench's catalogue, as the seeded programme holds it; carts of 3–5 of its lines.
const random = prng(15);
const products = catalogue(random);
const carts = Array.from({ length: 50 }, (_, i) =>
  cart(random, products, 3 + (i % 3)).lines.map((l) => ({
    lineId: l.lineId,
    sku: l.sku,
    unitPriceMinor: l.unitPriceMinor,
    ...(l.quantityMilli ? { quantityMilli: l.quantityMilli } : { quantity: l.quantity }),
  })),
);

let sequence = 0;
const run = Date.now().toString(36);

/**
 * The request of `endpoint` for a customer picked uniformly over the whole book each time it is
 * sent (so nearly every call meets a customer no earlier call touched: the cache is as cold as
 * the database's size makes it): the balance a till shows (`GET /v1/customers/:id/points`), a
 * calculation of a 3–5 line cart for a customer named by phone previewing a redemption, and a
 * commit by phone, every other one redeeming 5 points.
 */
function requestOf(endpoint: Endpoint, customers: number, posKey: string): LoadRequest {
  const headers = { authorization: `Bearer ${posKey}`, 'content-type': 'application/json' };
  const pick = () => Math.floor(Math.random() * customers);
  const lines = () => carts[Math.floor(Math.random() * carts.length)];
  const make = (): LoadRequest => {
    const k = pick();
    if (endpoint === 'balance')
      return { method: 'GET', path: `/v1/customers/${customerId(k)}/points`, headers };
    if (endpoint === 'calculate')
      return {
        method: 'POST',
        path: '/v1/carts/calculate',
        headers,
        body: JSON.stringify({
          storeId: 'msk',
          customer: { phone: phone(k) },
          redeemPoints: REDEEM,
          lines: lines(),
        }),
      };
    const n = ++sequence;
    return {
      method: 'POST',
      path: '/v1/purchases',
      headers,
      body: JSON.stringify({
        storeId: 'msk',
        transactionId: `scale-${run}-${n}`,
        customer: { phone: phone(k) },
        ...(n % 2 === 0 ? { redeemPoints: REDEEM } : {}),
        lines: lines(),
      }),
    };
  };
  // autocannon hands over the request merged with its defaults (host, port): kept under ours.
  return {
    ...make(),
    setupRequest: (request) => {
      const made = make();
      return { ...request, ...made, headers: { ...request.headers, ...made.headers } };
    },
  };
}

/** One call, which must succeed for an identified customer (else the book or the bench is wrong). */
async function probe(server: ServerProcess, request: LoadRequest): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const answer = await fetch(`${server.url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
    });
    const text = await answer.text();
    // A fresh node may refuse for overload while its start-up jobs run: asked again.
    if (answer.status === 503 && attempt < 120) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    if (answer.status >= 300) throw new Error(`${request.path}: ${answer.status} ${text}`);
    const body = JSON.parse(text) as { customer?: { status: string } };
    if (body.customer && body.customer.status !== 'identified')
      throw new Error(`${request.path}: customer ${body.customer.status}`);
    return;
  }
}

/** A measurement with the blocks its calls read beside shared buffers and found in them. */
type Measured = LoadResult & { blocksReadPerCall: number; blocksHitPerCall: number };

async function blockCounts(book: Book): Promise<{ read: number; hit: number }> {
  const client = new pg.Client({ connectionString: book.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ read: string; hit: string }>(
      'SELECT blks_read AS read, blks_hit AS hit FROM pg_stat_database WHERE datname = current_database()',
    );
    return { read: Number(rows[0]?.read), hit: Number(rows[0]?.hit) };
  } finally {
    await client.end();
  }
}

async function measure(
  server: ServerProcess,
  book: Book,
  endpoint: Endpoint,
  customers: number,
): Promise<Measured> {
  const request = () => requestOf(endpoint, customers, book.info.case.posKey);
  await probe(server, request());
  const options = { url: server.url, connections: CONNECTIONS };
  await load({ ...options, seconds: 1, requests: [request()] });
  const before = await blockCounts(book);
  const result = await load({ ...options, seconds: SECONDS, requests: [request()] });
  // Backends flush their counts at most once a second: the last second's may be missing.
  const after = await blockCounts(book);
  const calls = result.perSecond * SECONDS;
  return {
    ...result,
    blocksReadPerCall: (after.read - before.read) / calls,
    blocksHitPerCall: (after.hit - before.hit) / calls,
  };
}

interface Sizes {
  database: number;
  rows: { table: string; rows: number; heap: number; indexes: number }[];
}

async function sizesOf(book: Book): Promise<Sizes> {
  const client = new pg.Client({ connectionString: book.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      table: string;
      rows: string;
      heap: string;
      indexes: string;
    }>(
      `SELECT c.relname AS table, c.reltuples::bigint AS rows,
         pg_table_size(c.oid) AS heap, pg_indexes_size(c.oid) AS indexes
       FROM pg_class c WHERE c.relname = any($1::text[]) AND c.relkind = 'r'`,
      [tables],
    );
    const database = await client.query<{ size: string }>(
      'SELECT pg_database_size(current_database()) AS size',
    );
    return {
      database: Number(database.rows[0]?.size),
      rows: tables.map((table) => {
        const row = rows.find((r) => r.table === table);
        return {
          table,
          rows: Number(row?.rows ?? 0),
          heap: Number(row?.heap ?? 0),
          indexes: Number(row?.indexes ?? 0),
        };
      }),
    };
  } finally {
    await client.end();
  }
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const ms = (value: number) => value.toFixed(2);
const load3 = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function bookLine(book: Book): string {
  const { info } = book;
  const kept = book.made ? 'generated in this run' : `kept from ${info.generatedAt}`;
  return `\`${book.name}\`: ${info.customers.toLocaleString('en')} customers, ${info.entries.toLocaleString('en')} ledger entries; ${kept}, generation took ${info.seconds.toFixed(0)} s (the segment walk ${info.walkSeconds.toFixed(0)} s of it)${info.indexesRebuilt ? ', the bulk tables filled without their secondary indexes, made again after' : ', every index in place while filling'}.`;
}

type Pair = { small: Measured; large: Measured };
type Percentiles = LoadResult['exact'];

/** Percentile by percentile, the mean of the rounds. */
function meanOf(results: readonly LoadResult[]): Percentiles & { perSecond: number } {
  const mean = (f: (r: LoadResult) => number) =>
    results.reduce((t, r) => t + f(r), 0) / results.length;
  return {
    p50: mean((r) => r.exact.p50),
    p95: mean((r) => r.exact.p95),
    p99: mean((r) => r.exact.p99),
    perSecond: mean((r) => r.goodPerSecond),
  };
}

/**
 * Every endpoint in `ROUNDS` rounds, the order of the books reversed each round (small, large;
 * large, small; …) so a drift of the machine's load favours neither; both servers stay up.
 */
async function measureAll(
  servers: ReadonlyMap<Book, ServerProcess>,
  small: Book,
  large: Book,
): Promise<Map<Endpoint, Pair[]>> {
  const results = new Map<Endpoint, Pair[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const endpoint of endpoints) {
      const pair: Partial<Pair> = {};
      const order = round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
      for (const size of order) {
        const book = size === 'small' ? small : large;
        const server = servers.get(book);
        if (!server) throw new Error('no server');
        const result = await measure(server, book, endpoint, book.info.customers);
        process.stderr.write(
          `round ${round + 1}, ${endpoint} on ${book.info.customers}: ${result.goodPerSecond.toFixed(0)}/s, p50 ${ms(result.exact.p50)} p95 ${ms(result.exact.p95)} p99 ${ms(result.exact.p99)} ms ${JSON.stringify(result.statuses)}\n`,
        );
        pair[size] = result;
      }
      if (!pair.small || !pair.large) throw new Error('unmeasured');
      results.set(endpoint, [
        ...(results.get(endpoint) ?? []),
        { small: pair.small, large: pair.large },
      ]);
    }
  }
  return results;
}

const triple = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)}`;
const others = (x: LoadResult) =>
  Object.entries(x.statuses)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${count} × ${code}`)
    .join(', ');

function verdictRow(endpoint: Endpoint, pairs: readonly Pair[]): string {
  const small = meanOf(pairs.map((p) => p.small));
  const large = meanOf(pairs.map((p) => p.large));
  const ratios = (['p50', 'p95', 'p99'] as const).map((p) => large[p] / small[p]);
  const refused = pairs.flatMap((p) => [others(p.small), others(p.large)]).filter((t) => t);
  return `| ${endpoint} | ${small.perSecond.toFixed(0)} | ${triple(small)} | ${large.perSecond.toFixed(0)} | ${triple(large)} | ${ratios.map((x) => x.toFixed(2)).join(' / ')} | ${ratios.every((x) => x <= LIMIT) ? 'met' : 'NOT met'} | ${refused.join('; ') || 'none'} |`;
}

const blocks = (m: Measured) =>
  `${m.blocksReadPerCall.toFixed(1)} / ${m.blocksHitPerCall.toFixed(0)}`;

function roundRows(endpoint: Endpoint, pairs: readonly Pair[]): string[] {
  return pairs.map(
    (p, i) =>
      `| ${endpoint} | ${i + 1} | ${p.small.goodPerSecond.toFixed(0)} | ${triple(p.small.exact)} | ${blocks(p.small)} | ${p.large.goodPerSecond.toFixed(0)} | ${triple(p.large.exact)} | ${blocks(p.large)} | ${(p.large.exact.p50 / p.small.exact.p50).toFixed(2)} / ${(p.large.exact.p95 / p.small.exact.p95).toFixed(2)} / ${(p.large.exact.p99 / p.small.exact.p99).toFixed(2)} |`,
  );
}

function sizeRows(sizes: readonly Sizes[]): string[] {
  return tables.map((table, i) => {
    const [s, l] = sizes.map((size) => size.rows[i]);
    return `| ${table} | ${s?.rows.toLocaleString('en')} | ${mib((s?.heap ?? 0) + (s?.indexes ?? 0))} | ${l?.rows.toLocaleString('en')} | ${mib(l?.heap ?? 0)} | ${mib(l?.indexes ?? 0)} |`;
  });
}

/**
 * Balance reads, calculations and commits on a book of `PERK_BENCH_SCALE_CUSTOMERS` customers
 * (10 ledger entries each) against the same on one of `PERK_BENCH_SCALE_SMALL` (100 000), in
 * the same run, both servers up, customers picked uniformly; the books are made when absent.
 */
export async function runScaleBench(): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url)
    return '## Scale (issue 15)\n\nSkipped: the scale bench runs on PostgreSQL (DATABASE_URL).\n';
  const startedAt = new Date();
  let small: Book;
  let large: Book;
  try {
    small = await openBook(url, SMALL);
    large = await openBook(url, LARGE);
  } catch (error) {
    // The rest of `npm run bench` is kept: a machine too small for the book is a result too.
    if (!(error instanceof NoRoomForBook)) throw error;
    return `## Scale (issue 15)\n\nNot run: ${error.message}.\n`;
  }
  const servers = new Map<Book, ServerProcess>();
  let results: Map<Endpoint, Pair[]>;
  const loadBefore = load3();
  const measuredAt = new Date();
  try {
    for (const book of [small, large]) {
      const server = await startPerk({ databaseUrl: book.databaseUrl });
      servers.set(book, server);
      const waited = await settled(server, book.info.case.adminKey);
      process.stderr.write(`${book.name}: start-up jobs done ${waited.toFixed(0)} s after start\n`);
    }
    results = await measureAll(servers, small, large);
  } finally {
    for (const server of servers.values()) await server.stop();
  }
  const loadAfter = load3();
  const finishedAt = new Date();
  const sizes = [await sizesOf(small), await sizesOf(large)];
  const measured = endpoints.map((endpoint) => [endpoint, results.get(endpoint) ?? []] as const);
  return [
    `## Scale: ${LARGE.toLocaleString('en')} customers against ${SMALL.toLocaleString('en')} (issue 15)`,
    '',
    `Run ${startedAt.toISOString()} – ${finishedAt.toISOString()}; measured from ${measuredAt.toISOString()}; load average (1, 5, 15 min) ${loadBefore} before the measurements, ${loadAfter} after.`,
    '',
    `- ${bookLine(small)}`,
    `- ${bookLine(large)}`,
    '',
    `\`perk start\` from the bundle on each book (both up), start-up jobs finished first; autocannon, ${CONNECTIONS} connections closed loop, ${SECONDS} s after 1 s of warm-up; ${ROUNDS} rounds, the books' order reversed each round; every call for a customer picked uniformly over the whole book. Latency of the 2xx answers from each answer's own time, ms, the mean of the rounds. Limit: large ≤ ${LIMIT}× small at p50, p95 and p99.`,
    '',
    '| call | small /s | small p50 / p95 / p99 | large /s | large p50 / p95 / p99 | ratio p50 / p95 / p99 | ≤ 1.5× | other answers |',
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...measured.map(([endpoint, pairs]) => verdictRow(endpoint, pairs)),
    '',
    `Round by round, with the blocks each call read from outside PostgreSQL's shared buffers (the operating system's cache or the disk: PostgreSQL cannot tell them apart) and found in them, from \`pg_stat_database\` (approximate: counts reach it once a second):`,
    '',
    '| call | round | small /s | small p50 / p95 / p99 | small blocks read / hit a call | large /s | large p50 / p95 / p99 | large blocks read / hit a call | ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...measured.flatMap(([endpoint, pairs]) => roundRows(endpoint, pairs)),
    '',
    `Sizes (rows as the planner estimates them; MiB with TOAST; indexes as the migrations define them): database ${mib(sizes[0]?.database ?? 0)} MiB and ${mib(sizes[1]?.database ?? 0)} MiB.`,
    '',
    '| table | small rows | small MiB | large rows | large heap MiB | large indexes MiB |',
    '|---|---:|---:|---:|---:|---:|',
    ...sizeRows(sizes),
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runScaleBench());
