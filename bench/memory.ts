import { pathToFileURL } from 'node:url';
import {
  type BenchStorage,
  loadCalculate,
  pgliteStorage,
  postgresStorage,
  seededCase,
  settled,
} from './http-calculate.ts';
import { largeYoungGeneration } from './http-servers.ts';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const metricsKey = 'memory-bench-metrics-key-0123456789';

/**
 * A node's memory under load (issue 15's targets: ≤ 200 MiB RSS on PostgreSQL, ≤ 400 MiB on
 * PGlite): the HTTP calculate bench's programme (100 promotions, 5 000 products, tier, segments,
 * campaign), the server started once as `npm start` runs it (V8's own settings) and once with
 * a 64 MB young generation, then calculations at full rate for `SECONDS` while its RSS is read every 100 ms. Reported:
 * the highest RSS under load, and the V8 heap (used and reserved) and external memory the
 * server's own `/metrics` reports after the load.
 */
export async function runMemoryBench(): Promise<string> {
  const storages: BenchStorage[] = [pgliteStorage()];
  if (process.env.DATABASE_URL) storages.push(await postgresStorage(process.env.DATABASE_URL));
  const rows: string[] = [];
  for (const storage of storages) {
    try {
      const seeded = await seededCase(storage);
      for (const [label, nodeFlags] of [
        ["V8's defaults (npm start)", []],
        [`\`${largeYoungGeneration.join(' ')}\``, largeYoungGeneration],
      ] as const) {
        const server = await storage.server({
          nodeFlags,
          env: { PERK_METRICS_KEY: metricsKey },
        });
        try {
          await settled(server, seeded.adminKey);
          const idle = server.rssMiB();
          let highest = idle;
          const sampler = setInterval(() => {
            highest = Math.max(highest, server.rssMiB());
          }, 100);
          const result = await loadCalculate(server, seeded.oneLot, SECONDS).finally(() =>
            clearInterval(sampler),
          );
          const heap = await heapOf(server.url);
          rows.push(
            `| ${storage.label} | ${label} | ${Math.round(result.goodPerSecond)} | ${idle.toFixed(0)} | ${highest.toFixed(0)} | ${heap.used} / ${heap.total} | ${heap.external} |`,
          );
        } finally {
          await server.stop();
        }
      }
    } finally {
      await storage.drop();
    }
  }
  return [
    '## Memory of a node under load (issue 15)',
    '',
    `\`npx tsx bench/memory.ts\` (PostgreSQL too when DATABASE_URL is set; BENCH_HTTP_SECONDS, default 10): the HTTP calculate bench's programme, calculations at full rate (10 connections) for ${SECONDS} s, the server's RSS read every 100 ms; heap and external memory from the server's \`/metrics\` after the load. Targets: ≤ 200 MiB on PostgreSQL, ≤ 400 MiB on PGlite.`,
    '',
    '| storage | Node flags | calculations/s | RSS idle, MiB | RSS highest under load, MiB | V8 heap used / reserved, MiB | external, MiB |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}

async function heapOf(url: string) {
  const text = await (
    await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsKey}` } })
  ).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  return {
    used: mib(value('nodejs_heap_size_used_bytes')),
    total: mib(value('nodejs_heap_size_total_bytes')),
    external: mib(value('nodejs_external_memory_bytes')),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runMemoryBench());
