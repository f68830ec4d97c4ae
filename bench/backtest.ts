import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { systemActor } from '../src/access/actor.ts';
import { putCategories } from '../src/catalogue/categories.ts';
import { upsertProducts } from '../src/catalogue/products.ts';
import { createPromotion } from '../src/promotions/promotions.ts';
import { type Db, openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { putStore } from '../src/stores/stores.ts';
import { requestBacktest } from '../src/watch/backtest-runs.ts';
import { defaultBacktestWorker, runNextBacktest } from '../src/watch/backtest-worker.ts';

const CHECKS = 100_000;
const PRODUCTS = 500;
const CATEGORIES = 20;
const ACTIVE = 20;

const seconds = (start: number) => (performance.now() - start) / 1000;

/**
 * Past checks as an import leaves them: 100 000 checks of 1 to 7 lines over 2025 in two stores,
 * written by the database itself (the import has its own bench).
 */
async function seed(db: Db): Promise<void> {
  for (const id of ['msk', 'vvo']) {
    await putStore(db, systemActor, id, {
      name: id,
      region: id,
      timeZone: id === 'msk' ? 'Europe/Moscow' : 'Asia/Vladivostok',
      channel: 'pos',
    });
  }
  await putCategories(
    db,
    systemActor,
    Array.from({ length: CATEGORIES }, (_, c) => ({
      id: `c${c}`,
      name: `Category ${c}`,
      parentId: null,
    })),
  );
  await upsertProducts(
    db,
    systemActor,
    Array.from({ length: PRODUCTS }, (_, p) => ({
      sku: `P${p}`,
      name: `Product ${p}`,
      categoryId: `c${p % CATEGORIES}`,
    })),
  );
  for (let n = 0; n < ACTIVE; n++) {
    await createPromotion(db, systemActor, {
      id: `active-${n}`,
      name: `−${5 + (n % 10)}% on category ${n}`,
      status: 'active',
      stacking: { groupId: 'default', priority: n, exclusive: false },
      mechanic: {
        kind: 'percent-off',
        scope: { categoryIds: [`c${n % CATEGORIES}`] },
        percentBp: 500 + (n % 10) * 100,
      },
    });
  }
  await sql`
    INSERT INTO history_checks (check_id, content_hash, store_id, channel, business_at,
      customer_id, line_count, quantity_milli, total_minor, discount_minor, paid_minor, outlier)
    SELECT 'B' || n, md5(n::text), CASE WHEN n % 3 = 0 THEN 'vvo' ELSE 'msk' END, 'offline',
      timestamptz '2025-01-01 00:00:00+00' + (n * interval '315 seconds'), NULL,
      1 + n % 7, 1000 * (1 + n % 7), 10000, 0, 10000, false
    FROM generate_series(1, ${CHECKS}) AS n`.execute(db);
  await sql`
    INSERT INTO history_check_lines (check_id, line_no, sku, quantity_milli, price_minor,
      discount_minor, paid_minor)
    SELECT 'B' || n, l, 'P' || ((n * 7 + l * 13) % ${PRODUCTS}),
      CASE WHEN l = 1 AND n % 10 = 0 THEN 1250 ELSE 1000 * (1 + (n + l) % 3) END,
      1000 + ((n + l) % 50) * 100, 0, 0
    FROM generate_series(1, ${CHECKS}) AS n, generate_series(1, 1 + n % 7) AS l`.execute(db);
}

/**
 * One backtest of a draft −20% on three categories over a year of 100 000 imported checks, as the
 * worker runs it (pages of 2 000, progress written after each). Baseline: reading every check
 * line of the period in one query, same run.
 */
export async function runBacktestBench(): Promise<string> {
  const url = process.env.DATABASE_URL;
  const schema = `bench_backtest_${process.pid}`;
  const admin = url ? new pg.Client({ connectionString: url }) : null;
  await admin?.connect();
  await admin?.query(`CREATE SCHEMA ${schema}`);
  const db = url
    ? openDatabase({ kind: 'postgres', url, searchPath: schema, poolSize: 4 })
    : openDatabase({ kind: 'pglite', dataDir: null });
  try {
    await migrateToLatest(db);
    await seed(db);
    const lines = await db
      .selectFrom('history_check_lines')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const period = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' };
    let started = performance.now();
    const read = await sql`
      SELECT l.check_id, l.line_no, l.sku, l.quantity_milli, l.price_minor, c.business_at, c.store_id
      FROM history_checks c JOIN history_check_lines l USING (check_id)
      WHERE c.business_at >= ${period.from} AND c.business_at < ${period.to}
      ORDER BY c.business_at, c.check_id, l.line_no`.execute(db);
    const baselineSeconds = seconds(started);
    const run = await requestBacktest(db, systemActor, {
      draft: {
        id: 'draft-20',
        name: '−20% on three categories',
        status: 'draft',
        stacking: { groupId: 'default', priority: 100, exclusive: false },
        mechanic: {
          kind: 'percent-off',
          scope: { categoryIds: ['c1', 'c2', 'c3'] },
          percentBp: 2000,
        },
      },
      ...period,
    });
    started = performance.now();
    await runNextBacktest(db, defaultBacktestWorker);
    const backtestSeconds = seconds(started);
    const done = await db
      .selectFrom('backtest_runs')
      .select(['status', 'checks_done', 'report', 'error'])
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    if (done.status !== 'done') throw new Error(`backtest ${done.status}: ${done.error}`);
    const report = done.report as {
      withDraft: { promotions: { promotionId: string; checks: number }[] };
    };
    const draftChecks =
      report.withDraft.promotions.find((p) => p.promotionId === 'draft-20')?.checks ?? 0;
    const storage = url ? 'PostgreSQL' : 'PGlite (in memory)';
    return [
      '## Backtest',
      '',
      `${CHECKS.toLocaleString('en')} imported checks (${lines.n.toLocaleString('en')} lines, 1–7 a check, two stores in different zones) over a year, ${ACTIVE} active promotions (−5…14% on a category each), a draft −20% on three categories; each check priced twice (with and without the draft), pages of ${defaultBacktestWorker.pageSize}, on ${storage}. The draft applied to ${draftChecks.toLocaleString('en')} checks.`,
      `Baseline: one query reading every line of the period with its check, same run (${read.rows.length.toLocaleString('en')} rows).`,
      '',
      '| step | seconds | checks/s | × baseline |',
      '|---|---:|---:|---:|',
      `| baseline: read the lines | ${baselineSeconds.toFixed(1)} | ${Math.round(CHECKS / baselineSeconds).toLocaleString('en')} | 1.0× |`,
      `| backtest (${done.checks_done.toLocaleString('en')} checks) | ${backtestSeconds.toFixed(1)} | ${Math.round(CHECKS / backtestSeconds).toLocaleString('en')} | ${(backtestSeconds / baselineSeconds).toFixed(1)}× |`,
      '',
      `Target: 100 000 past checks in ≤ 20 s — ${backtestSeconds <= 20 ? 'met' : 'NOT met'} in this run.`,
      '',
    ].join('\n');
  } finally {
    await db.destroy();
    await admin?.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin?.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runBacktestBench());
}
