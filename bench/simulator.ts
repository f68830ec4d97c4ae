import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { systemActor } from '../src/access/actor.ts';
import { requestSimulation } from '../src/simulator/simulation-runs.ts';
import { defaultSimulationWorker, runNextSimulation } from '../src/simulator/simulation-worker.ts';
import { type Db, openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { putStore } from '../src/stores/stores.ts';

const CHECKS = 1_000_000;
const CUSTOMERS = 100_000;

const seconds = (start: number) => (performance.now() - start) / 1000;
const name = (en: string) => ({ ru: en, en });

/**
 * 1 000 000 past checks written by the database itself over 18 months (July 2025 – December
 * 2026), 100 000 customers and about one check in eleven anonymous, 500–5 000 ₽ each.
 */
async function seed(db: Db): Promise<void> {
  await putStore(db, systemActor, 'msk', {
    name: 'msk',
    region: 'msk',
    timeZone: 'Europe/Moscow',
    channel: 'pos',
  });
  await sql`INSERT INTO customers (id)
    SELECT md5('c' || k)::uuid FROM generate_series(0, ${CUSTOMERS - 1}) AS k`.execute(db);
  await sql`
    INSERT INTO history_checks (check_id, content_hash, store_id, channel, business_at,
      customer_id, line_count, quantity_milli, total_minor, discount_minor, paid_minor, outlier)
    SELECT 'S' || n, md5(n::text), 'msk', 'offline',
      timestamptz '2025-07-01 00:00:00+03' + (n * interval '47 seconds'),
      CASE WHEN (n * 7919) % 110000 < ${CUSTOMERS}
        THEN md5('c' || ((n * 7919) % 110000))::uuid END,
      1, 1000, 50000 + (n * 104729) % 450000, 0, 50000 + (n * 104729) % 450000, false
    FROM generate_series(1::bigint, ${CHECKS}) AS n`.execute(db);
  await sql`ANALYZE history_checks`.execute(db);
}

/** Three tiers by money over a rolling year: points at each, a discount at the top. */
const model = {
  name: 'Bonus ladder',
  tierProgram: {
    metric: 'spent_minor',
    period: { kind: 'rolling_days', days: 365 },
    comparison: 'at_least',
    autoTransition: true,
    downgradeAtPeriodEnd: false,
    tiers: [
      { id: 'base', name: name('Base'), threshold: 0, accrualRateBp: 300 },
      {
        id: 'silver',
        name: name('Silver'),
        threshold: 3_000_000,
        accrualRateBp: 500,
        welcomeBonusPoints: 300,
      },
      {
        id: 'gold',
        name: name('Gold'),
        threshold: 10_000_000,
        accrualRateBp: 700,
        discountBp: 500,
        welcomeBonusPoints: 1_000,
      },
    ],
  },
  settings: { pendingDays: 14, expiry: { unit: 'months', count: 6 }, maxRedemptionShareBp: 3_000 },
  welcomeBonusPoints: 200,
  redeemersShareBp: 5_000,
};

/**
 * One model × one scenario over the 12 months of 2026 (the six before only feed the tier
 * metric), as the worker runs it. Baseline: a plain sum over the same rows, same run.
 */
export async function runSimulatorBench(): Promise<string> {
  const url = process.env.DATABASE_URL;
  const schema = `bench_simulator_${process.pid}`;
  const admin = url ? new pg.Client({ connectionString: url }) : null;
  await admin?.connect();
  await admin?.query(`CREATE SCHEMA ${schema}`);
  const db = url
    ? openDatabase({ kind: 'postgres', url, searchPath: schema, poolSize: 4 })
    : openDatabase({ kind: 'pglite', dataDir: null });
  try {
    await migrateToLatest(db);
    await seed(db);
    let started = performance.now();
    const baseline = await sql<{ n: string; total: string }>`
      SELECT count(*) AS n, sum(paid_minor) AS total FROM history_checks
      WHERE customer_id IS NOT NULL AND business_at < timestamptz '2027-01-01 00:00:00+03'`.execute(
      db,
    );
    const baselineSeconds = seconds(started);
    const run = await requestSimulation(db, systemActor, {
      fromMonth: '2026-01',
      toMonth: '2026-12',
      grossMarginBp: 3_000,
      models: [model],
      scenarios: [
        { name: 'moderate', newCustomersBp: 1_000, frequencyBp: 500, averageCheckBp: 300 },
      ],
    });
    started = performance.now();
    await runNextSimulation(db, { ...defaultSimulationWorker, reader: url ? 'cursor' : 'ranges' });
    const simulationSeconds = seconds(started);
    const done = await db
      .selectFrom('simulation_runs')
      .select(['status', 'checks_done', 'results', 'error'])
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    if (done.status !== 'done') throw new Error(`simulation ${done.status}: ${done.error}`);
    const [outcome] = done.results as { totals: Record<string, number> }[];
    const storage = url ? 'PostgreSQL' : 'PGlite (in memory)';
    const read = Number(baseline.rows[0]?.n ?? 0);
    return [
      '## Programme simulator',
      '',
      `${CHECKS.toLocaleString('en')} imported checks over 18 months, ${CUSTOMERS.toLocaleString('en')} customers (${read.toLocaleString('en')} identified checks); one model (three tiers over a rolling year, points with a 14-day return period and 6-month expiry, half the customers spending, a discount at the top) under one scenario (+10% new customers, +5% frequency, +3% average check), 2026 replayed after six months of tier history, pages of ${defaultSimulationWorker.pageSize} (${url ? 'one sorted cursor' : 'customer ranges'}), on ${storage}. Replayed ${Number(outcome?.totals.checks ?? 0).toLocaleString('en')} checks.`,
      'Baseline: a plain `count(*), sum(paid_minor)` over the same rows, same run.',
      '',
      '| step | seconds | checks/s | × baseline |',
      '|---|---:|---:|---:|',
      `| baseline: sum the rows | ${baselineSeconds.toFixed(1)} | ${Math.round(read / baselineSeconds).toLocaleString('en')} | 1.0× |`,
      `| simulation (${done.checks_done.toLocaleString('en')} checks read) | ${simulationSeconds.toFixed(1)} | ${Math.round(read / simulationSeconds).toLocaleString('en')} | ${(simulationSeconds / baselineSeconds).toFixed(1)}× |`,
      '',
      `Target: one model × scenario over 1 000 000 purchases in ≤ 30 s — ${simulationSeconds <= 30 ? 'met' : 'NOT met'} in this run.`,
      '',
    ].join('\n');
  } finally {
    await db.destroy();
    await admin?.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin?.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runSimulatorBench());
}
