import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { cart, catalogue, prng } from './engine-fixtures.ts';
import { settled } from './http-calculate.ts';
import { type ServerProcess, startPerk } from './http-servers.ts';
import { type LoadRequest, type LoadResult, load } from './load.ts';
import { type Book, openBook } from './scale-book.ts';
import { customerId, phone } from './scale-customers.ts';

const LARGE = Number(process.env.PERK_BENCH_SCALE_CUSTOMERS ?? 10_000_000);
const SMALL = Number(process.env.PERK_BENCH_SCALE_SMALL ?? 100_000);
const CONNECTIONS = 4;
const SECONDS = Number(process.env.PERK_BENCH_SCALE_SECONDS ?? 10);
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

async function measure(
  server: ServerProcess,
  book: Book,
  endpoint: Endpoint,
  customers: number,
): Promise<LoadResult> {
  const request = () => requestOf(endpoint, customers, book.info.case.posKey);
  await probe(server, request());
  const options = { url: server.url, connections: CONNECTIONS };
  await load({ ...options, seconds: 1, requests: [request()] });
  return load({ ...options, seconds: SECONDS, requests: [request()] });
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
  return `\`${book.name}\`: ${info.customers.toLocaleString('en')} customers, ${info.entries.toLocaleString('en')} ledger entries; ${kept}, generation took ${info.seconds.toFixed(0)} s (the segment walk ${info.walkSeconds.toFixed(0)} s of it).`;
}

/**
 * Balance reads, calculations and commits on a book of `PERK_BENCH_SCALE_CUSTOMERS` customers
 * (10 ledger entries each) against the same on one of 100 000, in the same run: each endpoint
 * on the small book, then on the large, both servers up, customers picked uniformly.
 */
export async function runScaleBench(): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url)
    return '## Scale (issue 15)\n\nSkipped: the scale bench runs on PostgreSQL (DATABASE_URL).\n';
  const startedAt = new Date();
  const small = await openBook(url, SMALL);
  const large = await openBook(url, LARGE);
  const loadBefore = load3();
  const measuredAt = new Date();
  const servers = new Map<Book, ServerProcess>();
  const results = new Map<Endpoint, { small: LoadResult; large: LoadResult }>();
  try {
    for (const book of [small, large]) {
      const server = await startPerk({ databaseUrl: book.databaseUrl });
      servers.set(book, server);
      const waited = await settled(server, book.info.case.adminKey);
      process.stderr.write(`${book.name}: start-up jobs done ${waited.toFixed(0)} s after start\n`);
    }
    for (const endpoint of endpoints) {
      const one = async (book: Book) => {
        const server = servers.get(book);
        if (!server) throw new Error('no server');
        const result = await measure(server, book, endpoint, book.info.customers);
        process.stderr.write(
          `${endpoint} on ${book.info.customers}: ${result.goodPerSecond.toFixed(0)}/s, p50 ${ms(result.exact.p50)} p95 ${ms(result.exact.p95)} p99 ${ms(result.exact.p99)} ms ${JSON.stringify(result.statuses)}\n`,
        );
        return result;
      };
      results.set(endpoint, { small: await one(small), large: await one(large) });
    }
  } finally {
    for (const server of servers.values()) await server.stop();
  }
  const loadAfter = load3();
  const finishedAt = new Date();
  const sizes = [await sizesOf(small), await sizesOf(large)];
  const rows = endpoints.map((endpoint) => {
    const r = results.get(endpoint);
    if (!r) throw new Error('unmeasured');
    const ratios = (['p50', 'p95', 'p99'] as const).map((p) => r.large.exact[p] / r.small.exact[p]);
    const other = (x: LoadResult) =>
      Object.entries(x.statuses)
        .filter(([code]) => !code.startsWith('2'))
        .map(([code, count]) => `${count} × ${code}`)
        .join(', ') || 'none';
    return `| ${endpoint} | ${r.small.goodPerSecond.toFixed(0)} | ${ms(r.small.exact.p50)} / ${ms(r.small.exact.p95)} / ${ms(r.small.exact.p99)} | ${r.large.goodPerSecond.toFixed(0)} | ${ms(r.large.exact.p50)} / ${ms(r.large.exact.p95)} / ${ms(r.large.exact.p99)} | ${ratios.map((x) => x.toFixed(2)).join(' / ')} | ${ratios.every((x) => x <= LIMIT) ? 'met' : 'NOT met'} | ${other(r.small)}; ${other(r.large)} |`;
  });
  const sizeRows = tables.map((table, i) => {
    const [s, l] = sizes.map((size) => size.rows[i]);
    return `| ${table} | ${s?.rows.toLocaleString('en')} | ${mib((s?.heap ?? 0) + (s?.indexes ?? 0))} | ${l?.rows.toLocaleString('en')} | ${mib(l?.heap ?? 0)} | ${mib(l?.indexes ?? 0)} |`;
  });
  return [
    `## Scale: ${LARGE.toLocaleString('en')} customers against ${SMALL.toLocaleString('en')} (issue 15)`,
    '',
    `Run ${startedAt.toISOString()} – ${finishedAt.toISOString()}; measured from ${measuredAt.toISOString()}; load average (1, 5, 15 min) ${loadBefore} before the measurements, ${loadAfter} after.`,
    '',
    `- ${bookLine(small)}`,
    `- ${bookLine(large)}`,
    '',
    `\`perk start\` from the bundle on each book (both up), start-up jobs finished first; autocannon, ${CONNECTIONS} connections closed loop, ${SECONDS} s after 1 s of warm-up, each endpoint on the small book then on the large; every call for a customer picked uniformly over the whole book. Latency of the 2xx answers from each answer's own time, ms. Limit: large ≤ ${LIMIT}× small at p50, p95 and p99.`,
    '',
    '| call | small /s | small p50 / p95 / p99 | large /s | large p50 / p95 / p99 | ratio p50 / p95 / p99 | ≤ 1.5× | other answers (small; large) |',
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...rows,
    '',
    `Sizes (rows as the planner estimates them; MiB with TOAST; indexes as the migrations define them): database ${mib(sizes[0]?.database ?? 0)} MiB and ${mib(sizes[1]?.database ?? 0)} MiB.`,
    '',
    '| table | small rows | small MiB | large rows | large heap MiB | large indexes MiB |',
    '|---|---:|---:|---:|---:|---:|',
    ...sizeRows,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runScaleBench());
