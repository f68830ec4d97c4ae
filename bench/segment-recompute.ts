import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { readConfig } from '../src/config.ts';
import { recomputeSegments } from '../src/segments/recompute-segments.ts';
import { recomputeRfm } from '../src/segments/rfm.ts';
import { type Db, openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { freshDatabase } from './scratch-database.ts';

const CUSTOMERS = Number(process.env.PERK_BENCH_CUSTOMERS ?? 100_000);
// Business time: noon in Moscow; the purchases lie in the year before.
const now = new Date('2025-03-10T09:00:00Z');

/**
 * The segment recompute at a chain's size: `CUSTOMERS` customers (100 000 by default), each with
 * 6 purchase days and 4 SKUs in the last year over 200 products in 20 categories, generated in
 * SQL on a scratch PostgreSQL database. Timed: the day's first run (RFM quintiles and a walk over
 * every customer) with profile-only segments, with purchase-window segments, and with a bought-
 * category segment as well (the catalogue walk); then a later run the same day (one read).
 * Baseline in the same run: `SELECT count(*), sum(spent_minor)` over the purchase days, the
 * database merely reading the facts once. Extrapolated to 10 000 000 customers linearly.
 */
export async function runSegmentRecomputeBench(): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('The segment recompute bench needs DATABASE_URL (PostgreSQL)');
  const db = openDatabase({
    kind: 'postgres',
    url: await freshDatabase(url, 'segment_recompute'),
    preparedStatements: readConfig().databasePreparedStatements,
  });
  try {
    await migrateToLatest(db);
    const generated = await generate(db);
    const baseline = await timed(() =>
      sql`SELECT count(*), sum(spent_minor) FROM customer_purchase_days`.execute(db),
    );
    const rfm = await timed(() => recomputeRfm(db, '2025-03-10', now));
    const rows: string[] = [];
    const run = async (label: string, segments: [string, object][]) => {
      await sql`DELETE FROM segment_members`.execute(db);
      await sql`DELETE FROM segments`.execute(db);
      for (const [id, rule] of segments)
        await db
          .insertInto('segments')
          .values({ id, name: id, kind: 'rule', rule: JSON.stringify(rule) })
          .execute();
      let counts: Awaited<ReturnType<typeof recomputeSegments>> | undefined;
      const first = await timed(async () => {
        counts = await recomputeSegments(db, now, { force: true });
      });
      // The daily case: the same walk when few memberships change.
      const steady = await timed(() => recomputeSegments(db, now, { force: true }));
      const per10k = (steady * 10_000) / CUSTOMERS;
      rows.push(
        `| ${label} | ${first.toFixed(1)} (${counts?.added ?? 0} added) | ${steady.toFixed(1)} | ${per10k.toFixed(2)} | ${((per10k * 1000) / 60).toFixed(0)} | ${(steady / baseline).toFixed(0)}× |`,
      );
    };
    await run('two profile segments (gender, city)', [
      ['women', { kind: 'gender', is: 'female' }],
      ['moscow', { kind: 'city', in: ['msk'] }],
    ]);
    await run('plus spend in 90 days and churn risk', [
      ['women', { kind: 'gender', is: 'female' }],
      ['moscow', { kind: 'city', in: ['msk'] }],
      ['spenders', { kind: 'spend', days: 90, min: 50_000 }],
      ['churn', { kind: 'churnRisk', atRisk: true }],
    ]);
    await run('plus RFM and bought category in 30 days', [
      ['women', { kind: 'gender', is: 'female' }],
      ['moscow', { kind: 'city', in: ['msk'] }],
      ['spenders', { kind: 'spend', days: 90, min: 50_000 }],
      ['churn', { kind: 'churnRisk', atRisk: true }],
      ['champions', { kind: 'rfm', score: 'monetary', min: 5 }],
      ['dairy', { kind: 'boughtCategory', categoryId: 'cat-3', days: 30 }],
    ]);
    const later = await timed(() => recomputeSegments(db, new Date(now.getTime() + 3_600_000)));
    return [
      '## Segment recompute at scale (issue 15)',
      '',
      `\`DATABASE_URL=… npx tsx bench/segment-recompute.ts\` (PERK_BENCH_CUSTOMERS, default 100 000): ${CUSTOMERS.toLocaleString('en')} customers on PostgreSQL, each with 6 purchase days and 4 SKUs in the last year (generated in SQL in ${generated.toFixed(0)} s). The day's first run: RFM quintiles, then every customer's facts read a page of 2 000 at a time (only the fact families the segments' rules read) and the membership difference written; timed when every membership is new, then again when none changes (a day's usual walk, the figure extrapolated). Baseline: one \`SELECT count(*), sum(spent_minor)\` over the purchase days, ${(baseline * 1000).toFixed(0)} ms. Minutes at 10 M: the time per 10 000 customers × 1 000, linearly.`,
      '',
      "| segments | first walk, s (memberships added) | next day's walk, s | s per 10 000 customers | minutes at 10 000 000 | × baseline |",
      '|---|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Of which RFM quintiles alone (delete and insert every active customer's scores): ${rfm.toFixed(1)} s.`,
      '',
      `A later run the same day (the job is hourly; the walk is daily): ${(later * 1000).toFixed(1)} ms.`,
      '',
    ].join('\n');
  } finally {
    await db.destroy();
  }
}

async function generate(db: Db): Promise<number> {
  return timed(async () => {
    await sql`INSERT INTO categories (id, name) SELECT 'cat-' || c, 'Category ' || c FROM generate_series(1, 20) c`.execute(
      db,
    );
    await sql`INSERT INTO products (sku, name, category_id, brand)
      SELECT 'sku-' || p, 'Product ' || p, 'cat-' || (1 + p % 20), 'brand-' || (p % 7)
      FROM generate_series(1, 200) p`.execute(db);
    await sql`INSERT INTO customers (id, gender, city)
      SELECT md5(i::text)::uuid, CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END,
        CASE WHEN i % 3 = 0 THEN 'msk' ELSE 'spb' END
      FROM generate_series(1, ${CUSTOMERS}) i`.execute(db);
    await sql`INSERT INTO customer_purchase_days (customer_id, day, spent_minor, purchase_count)
      SELECT md5(i::text)::uuid, '2025-03-10'::date - ((i * 7 + k * 53) % 360), 10000 + (i * k) % 300000, 1
      FROM generate_series(1, ${CUSTOMERS}) i, generate_series(1, 6) k
      ON CONFLICT DO NOTHING`.execute(db);
    await sql`INSERT INTO customer_skus (customer_id, sku, last_day)
      SELECT md5(i::text)::uuid, 'sku-' || (1 + (i * 13 + k * 37) % 200), '2025-03-10'::date - ((i + k * 11) % 120)
      FROM generate_series(1, ${CUSTOMERS}) i, generate_series(1, 4) k
      ON CONFLICT DO NOTHING`.execute(db);
    await sql`ANALYZE`.execute(db);
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runSegmentRecomputeBench());
