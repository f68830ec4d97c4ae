import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  type BenchStorage,
  loadCalculate,
  pgliteStorage,
  postgresStorage,
  seededCase,
  settled,
} from './http-calculate.ts';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? 2);
const metricsKey = 'memory-bench-metrics-key-0123456789';

/** The server as bin/perk.js runs it, and with V8's own heap growth (as before it set one). */
const flagSets = [
  ['bin/perk.js (heap growth 1.2×)', []],
  ["V8's own heap growth (`--heap-growing-percent=0`)", ['--heap-growing-percent=0']],
] as const;

/**
 * A node's memory under load (issue 15's targets: ≤ 200 MiB RSS on PostgreSQL, ≤ 400 MiB on
 * PGlite): the HTTP calculate bench's programme (100 promotions, 5 000 products, tier, segments,
 * campaign), the server started as `npm start` runs it and with V8's own heap growth, in turn
 * `ROUNDS` times, then calculations at full rate for `SECONDS` while its RSS is read every 100 ms.
 * Reported: the highest RSS under load, the server's CPU per calculation (the figure to compare
 * on a shared machine, where rates swing with the neighbours' work), the V8 heap (used and
 * reserved) and external memory the server's own `/metrics` reports after the load, and the
 * machine's load average before and after.
 */
export async function runMemoryBench(): Promise<string> {
  const storages: BenchStorage[] = [pgliteStorage()];
  if (process.env.DATABASE_URL) storages.push(await postgresStorage(process.env.DATABASE_URL));
  const rows: string[] = [];
  for (const storage of storages) {
    try {
      const seeded = await seededCase(storage);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [label, nodeFlags] of flagSets) {
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
            const loadBefore = loadAverage();
            const cpuBefore = server.cpuSeconds();
            const callsBefore = (await metricsOf(server.url)).calculations;
            const result = await loadCalculate(server, seeded.oneLot, SECONDS).finally(() =>
              clearInterval(sampler),
            );
            const cpu = server.cpuSeconds() - cpuBefore;
            const after = await metricsOf(server.url);
            const cpuMs = (cpu * 1000) / (after.calculations - callsBefore);
            rows.push(
              `| ${storage.label} | ${label} | ${Math.round(result.goodPerSecond)} | ${cpuMs.toFixed(2)} | ${idle.toFixed(0)} | ${highest.toFixed(0)} | ${after.heapUsed} / ${after.heapTotal} | ${after.external} | ${loadBefore}–${loadAverage()} |`,
            );
          } finally {
            await server.stop();
          }
        }
      }
    } finally {
      await storage.drop();
    }
  }
  return [
    '## Memory of a node under load (issue 15)',
    '',
    `\`npx tsx bench/memory.ts\` (PostgreSQL too when DATABASE_URL is set; BENCH_HTTP_SECONDS, default 10; BENCH_MEMORY_ROUNDS, default 2): the HTTP calculate bench's programme, calculations at full rate (10 connections) for ${SECONDS} s, the server's RSS read every 100 ms; heap and external memory from the server's \`/metrics\` after the load. Targets: ≤ 200 MiB on PostgreSQL, ≤ 400 MiB on PGlite.`,
    '',
    '| storage | Node flags | calculations/s | server CPU ms per calculation | RSS idle, MiB | RSS highest under load, MiB | V8 heap used / reserved, MiB | external, MiB | load average |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
  ].join('\n');
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '';
}

async function metricsOf(url: string) {
  const text = await (
    await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsKey}` } })
  ).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const calculations = [
    ...text.matchAll(
      /^perk_http_request_duration_seconds_count\{[^}]*route="\/v1\/carts\/calculate"[^}]*\} (\S+)$/gm,
    ),
  ].reduce((sum, match) => sum + Number(match[1]), 0);
  return {
    heapUsed: mib(value('nodejs_heap_size_used_bytes')),
    heapTotal: mib(value('nodejs_heap_size_total_bytes')),
    external: mib(value('nodejs_external_memory_bytes')),
    calculations,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runMemoryBench());
