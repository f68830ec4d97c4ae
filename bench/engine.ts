import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Cart, calculate } from '../src/engine/index.ts';
import { candidatesFor } from '../src/engine/ruleset/line-index.ts';
import {
  allApplyCase,
  allCandidatesCase,
  CARTS_PER_CASE,
  type Case,
  context,
  mixedCase,
} from './engine-cases.ts';
import { largeYoungGeneration } from './http-servers.ts';

const WARMUP_ROUNDS = 3;
const MEASURED_ROUNDS = 5;
const REPETITIONS = 3;

/** Per-call durations in microseconds over every cart, after warm-up rounds. */
function measure(carts: readonly Cart[], run: (c: Cart) => unknown): number[] {
  for (let round = 0; round < WARMUP_ROUNDS; round += 1) for (const c of carts) run(c);
  const samples: number[] = [];
  for (let round = 0; round < MEASURED_ROUNDS; round += 1) {
    for (const c of carts) {
      const start = process.hrtime.bigint();
      run(c);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  return samples.sort((a, b) => a - b);
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

type Shape = 'mixed' | 'all-apply' | 'all-candidates';

interface Row {
  shape: Shape;
  lines: number;
  promotions: number;
  /** Mean promotions the line index hands the engine per cart (its candidates). */
  considered: number;
  /** Mean promotions applied per cart. */
  applied: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** `JSON.stringify` of the calculation, the answer's serialization before HTTP (µs). */
  jsonP50: number;
  /** Engine mean ÷ `JSON.parse(JSON.stringify(cart))` mean. */
  ratio: number;
}

function run(shape: Shape, lineCount: number, promotionCount: number, built: Case): Row {
  const { ruleset, carts } = built;
  const engine = measure(carts, (c) => calculate(c, context, ruleset));
  const baseline = measure(carts, (c) => JSON.parse(JSON.stringify(c)));
  const results = carts.map((c) => calculate(c, context, ruleset));
  const json = measure(carts, (c) => JSON.stringify(results[carts.indexOf(c)]));
  return {
    shape,
    lines: lineCount,
    promotions: promotionCount,
    considered: mean(carts.map((c) => candidatesFor(ruleset, c, []).ordinals.length)),
    applied: mean(results.map((r) => r.appliedPromotions.length)),
    perSecond: 1_000_000 / mean(engine),
    p50: percentile(engine, 0.5),
    p99: percentile(engine, 0.99),
    jsonP50: percentile(json, 0.5),
    ratio: mean(engine) / mean(baseline),
  };
}

const mixed = (lines: number, count: number) => run('mixed', lines, count, mixedCase(lines, count));
const allApply = (count: number) => run('all-apply', 10, count, allApplyCase(count));
const allCandidates = (lines: number, count: number) =>
  run('all-candidates', lines, count, allCandidatesCase(lines, count));

/** Every case once, then the target case (10 lines × 100 applying) `REPETITIONS` times. */
function allCases(): { rows: Row[]; target: Row[] } {
  // One untimed pass first, so the first measured case does not pay for compiling the engine.
  mixed(10, 100);
  const rows = [
    mixed(10, 100),
    mixed(10, 1000),
    mixed(50, 100),
    mixed(50, 1000),
    ...[1, 10, 100, 1000].map(allApply),
    allCandidates(50, 1000),
  ];
  const target = Array.from({ length: REPETITIONS }, () => allApply(100));
  return { rows, target };
}

/** The cases in a child Node with `flags`; null when it failed. */
function inChild(flags: readonly string[]): { rows: Row[]; target: Row[] } | null {
  const child = spawnSync(
    process.execPath,
    [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), '--cases'],
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 1 << 24 },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    console.error(child.stderr);
    return null;
  }
  return JSON.parse(line);
}

function tableRow(r: Row): string {
  return (
    `| ${r.shape} | ${r.lines} | ${r.promotions} | ${r.considered.toFixed(0)} | ${r.applied.toFixed(0)} | ` +
    `${Math.round(r.perSecond).toLocaleString('en')} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ` +
    `${r.jsonP50.toFixed(1)} | ${r.ratio.toFixed(1)}× |`
  );
}

function section(title: string, result: { rows: Row[]; target: Row[] } | null): string[] {
  if (result === null) return [`### ${title}`, '', 'The child Node failed; see its output.', ''];
  const { rows, target } = result;
  const worst = (pick: (r: Row) => number) => Math.max(...target.map(pick));
  const list = (pick: (r: Row) => number) => target.map((r) => pick(r).toFixed(1)).join(', ');
  return [
    `### ${title}`,
    '',
    '| shape | lines | promotions | considered | applied | calculations/s | p50 µs | p99 µs | JSON.stringify p50 µs | × baseline |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(tableRow),
    '',
    `Target, 10 lines × 100 applying promotions ≤ 50 µs, over ${REPETITIONS} repetitions: ` +
      `p50 ${worst((r) => r.p50) <= 50 ? 'met' : 'NOT met'} (${list((r) => r.p50)} µs), ` +
      `p99 ${worst((r) => r.p99) <= 50 ? 'met' : 'NOT met'} (${list((r) => r.p99)} µs).`,
    '',
  ];
}

/** Runs the engine benchmark (with the server's V8 flags and with V8's defaults) as markdown. */
export async function runEngineBench(): Promise<string> {
  return [
    '## Promotion engine',
    '',
    `Seeded carts (${CARTS_PER_CASE} per case), one core, in a child Node per flag set. Shapes: ` +
      '*mixed*, promotions of every mechanic with scopes, schedules and audiences as a chain has ' +
      "them (most do not concern a given cart); *all-apply*, the peers' shape, N percent-off " +
      'promotions over the whole catalogue in one cumulative group, every one applying; ' +
      '*all-candidates*, item mechanics over the whole catalogue, so every promotion is a ' +
      'candidate for every line. *considered*: promotions the line index hands the engine (mean ' +
      'per cart); *applied*: promotions in the answer. *JSON.stringify*: serializing the ' +
      'calculation, which an HTTP answer pays on top of the engine. Baseline: ' +
      '`JSON.parse(JSON.stringify(cart))` of the same carts.',
    '',
    ...section("With V8's default flags (as the server runs)", inChild([])),
    ...section(
      `With a larger young generation (\`${largeYoungGeneration.join(' ')}\`)`,
      inChild(largeYoungGeneration),
    ),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--cases')) console.log(JSON.stringify(allCases()));
  else console.log(await runEngineBench());
}
