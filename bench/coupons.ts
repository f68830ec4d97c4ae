import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { systemActor } from '../src/access/actor.ts';
import { guessProbability } from '../src/coupons/code-format.ts';
import { createCouponSeries } from '../src/coupons/coupon-series.ts';
import { FailureLimiter } from '../src/coupons/failure-limiter.ts';
import { generateCouponCodes } from '../src/coupons/generate-codes.ts';
import { randomCodes } from '../src/coupons/random-codes.ts';
import { resolveCoupons } from '../src/coupons/resolve-coupons.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const CODES = 1_000_000;
const LOOKUPS = 2_000;

const seconds = (start: number) => (performance.now() - start) / 1000;
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * Generates and stores 1 000 000 codes of one series in an in-memory PGlite, as
 * `POST /v1/coupon-series/{id}/codes` does. Baseline: the same number of rows of the same shape
 * (primary key and series index) written by the database itself from `generate_series`, in the
 * same run — the floor any generator storing through this database could reach.
 */
export async function runCouponBench(): Promise<string> {
  const db = openDatabase({ kind: 'pglite', dataDir: null });
  await migrateToLatest(db);
  await db
    .insertInto('promotions')
    .values({ id: 'bench', status: 'active', definition: '{}', revision: 1 })
    .execute();
  await createCouponSeries(db, systemActor, {
    id: 'bench',
    promotionId: 'bench',
    name: 'Bench',
    kind: 'unique',
  });

  let start = performance.now();
  randomCodes('', 10, CODES);
  const cpuSeconds = seconds(start);

  await sql`CREATE TABLE baseline (LIKE coupons INCLUDING ALL)`.execute(db);
  start = performance.now();
  await sql`INSERT INTO baseline (code, series_id, max_uses)
    SELECT upper(substr(md5(i::text), 1, 11)), 'bench', 1 FROM generate_series(1, ${CODES}) AS i`.execute(
    db,
  );
  const baselineSeconds = seconds(start);

  start = performance.now();
  await generateCouponCodes(db, systemActor, { seriesId: 'bench', batchId: 'bench', count: CODES });
  const generateSeconds = seconds(start);

  const lookups = await lookupLatencies(db);
  await db.destroy();
  const perSecond = Math.round(CODES / generateSeconds).toLocaleString('en');
  return [
    '## Coupon codes',
    '',
    `1 000 000 unique codes (10 random characters + check character) generated with the CSPRNG and stored in an in-memory PGlite, one transaction of batched \`INSERT … SELECT unnest($codes)\`.`,
    'Baseline: the database writing as many rows of the same shape from `generate_series`, same run.',
    '',
    '| step | seconds | codes/s | × baseline |',
    '|---|---:|---:|---:|',
    `| draw codes in memory (CSPRNG + check) | ${cpuSeconds.toFixed(2)} | ${Math.round(CODES / cpuSeconds).toLocaleString('en')} | |`,
    `| baseline: server-side insert | ${baselineSeconds.toFixed(2)} | ${Math.round(CODES / baselineSeconds).toLocaleString('en')} | 1.0× |`,
    `| generate and store 1 000 000 | ${generateSeconds.toFixed(2)} | ${perSecond} | ${(generateSeconds / baselineSeconds).toFixed(1)}× |`,
    '',
    `Target: 1 000 000 codes under 60 s — ${generateSeconds < 60 ? 'met' : 'NOT met'}.`,
    '',
    `\`resolveCoupons\` for one code among 1 000 000 (${LOOKUPS} calls): p50 ${lookups.p50.toFixed(2)} ms, p99 ${lookups.p99.toFixed(2)} ms.`,
    `A random guess with a correct check character hits one of these codes with probability ${guessProbability(10, CODES).toExponential(2)}.`,
    '',
  ].join('\n');
}

async function lookupLatencies(db: ReturnType<typeof openDatabase>) {
  const codes = await db.selectFrom('coupons').select('code').limit(LOOKUPS).execute();
  const limiter = new FailureLimiter({ capacity: LOOKUPS, refillPerMinute: 1 });
  const now = new Date();
  const samples: number[] = [];
  for (const { code } of codes) {
    const start = performance.now();
    await resolveCoupons(
      db,
      { codes: [code], customerId: null, storeId: 'bench', now, apiKeyId: 'bench' },
      limiter,
    );
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runCouponBench());
}
