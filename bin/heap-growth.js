// How far V8 lets the old generation grow past what survived the last full collection before
// it collects again. V8's own factor goes up to 4×: under full load a server's headroom fills
// with short-lived garbage (on PostgreSQL 334–363 MiB RSS where about 50 MB is live). 1.2× keeps
// a node under its budget (≤ 200 MiB, PGlite ≤ 400; 1.3× and 1.5× reached 194 and 212) for about
// 1% more of the main thread in collections (bench/RESULTS.md, "Memory, 2026-12-06 night").
// The server only: a command holding a large heap (an import of a million lines) would mark it
// ever more often as it grows (57% more CPU in one run).
export const heapGrowingPercent = 20;

/**
 * The V8 flag bin/perk.js sets for a command line (`argv` as `process.argv`): for `perk start`,
 * unless node was started with a growth of its own; null otherwise.
 */
export function heapGrowthFlag(argv, execArgv) {
  if (argv[2] !== 'start') return null;
  if (execArgv.some((flag) => flag.startsWith('--heap-growing-percent'))) return null;
  return `--heap-growing-percent=${heapGrowingPercent}`;
}
