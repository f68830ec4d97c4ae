import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { systemActor } from '../src/access/actor.ts';
import { defaultOutlierThresholds } from '../src/history/history-checks.ts';
import { directHistory } from '../src/history/history-writer.ts';
import { importHistoryCsv } from '../src/history/import-history-csv.ts';
import { type Db, openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const LINES = 1_000_000;
const CUSTOMERS = 50_000;

const seconds = (start: number) => (performance.now() - start) / 1000;
const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');

/** A small deterministic generator (mulberry32), so every run imports the same file. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Two years of a chain's checks as another system exports them: 1 to 7 lines a check, 60% of
 * checks by one of 50 000 cards, two stores, one check in a thousand wholesale-sized.
 */
function historyCsv(): { text: string; checks: number } {
  const next = random(13);
  const rows = [
    'check_id,time,store_id,customer_card,sku,quantity,price_minor,discount_minor,paid_minor',
  ];
  const start = Date.parse('2023-01-01T07:00:00Z');
  let checks = 0;
  while (rows.length <= LINES) {
    checks++;
    const at = new Date(start + Math.floor(next() * 700 * 86_400_000)).toISOString();
    const store = next() < 0.7 ? 'msk' : 'spb';
    const card = next() < 0.6 ? `CARD${1 + Math.floor(next() * CUSTOMERS)}` : '';
    const wholesale = next() < 0.001;
    const count = Math.min(1 + Math.floor(next() * 7), LINES + 1 - rows.length);
    for (let l = 0; l < count; l++) {
      const price = 1_000 + Math.floor(next() * 50_000);
      const quantity = wholesale ? 300 : 1 + Math.floor(next() * 3);
      const discount = next() < 0.3 ? Math.floor((price * quantity) / 10) : 0;
      const sku = `SKU${Math.floor(next() * 5_000)}`;
      const paid = price * quantity - discount;
      rows.push(
        `H${checks},${at},${store},${card},${sku},${quantity},${price},${discount},${paid}`,
      );
    }
  }
  return { text: `${rows.join('\n')}\n`, checks };
}

async function seed(db: Db): Promise<void> {
  await sql`INSERT INTO stores (id, name, region, time_zone, channel) VALUES
    ('msk', 'Moscow', 'RU', 'Europe/Moscow', 'pos'),
    ('spb', 'Saint Petersburg', 'RU', 'Europe/Moscow', 'pos')`.execute(db);
  await sql`INSERT INTO customers (id) SELECT gen_random_uuid() FROM generate_series(1, ${CUSTOMERS})`.execute(
    db,
  );
  await sql`INSERT INTO customer_identifiers (kind, value, customer_id)
    SELECT 'card', 'CARD' || row_number() OVER (ORDER BY id), id FROM customers`.execute(db);
}

/**
 * Imports 1 000 000 check lines from a CSV file into PostgreSQL with `importHistoryCsv`, as
 * `perk import purchases` does on a database it reaches directly: parsing, validation, stores
 * and customers resolved, checks and lines written with `INSERT … SELECT unnest(…)` in
 * transactions of about 9 000 lines, customers' aggregates recomputed. Baseline: the same file
 * into a scratch table of the same columns (no validation, no index), same run: `COPY` when the
 * server can read the file, else client `INSERT … SELECT unnest` batches (see below).
 * Needs DATABASE_URL; works in a schema of its own, dropped at the end.
 */
export async function runHistoryImportBench(): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) return '## History import\n\nSkipped: set DATABASE_URL to a PostgreSQL database.\n';
  const schema = `bench_history_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = openDatabase({ kind: 'postgres', url, searchPath: schema, poolSize: 2 });
  const dir = await mkdtemp(join(tmpdir(), 'perk-history-bench-'));
  try {
    await migrateToLatest(db);
    await seed(db);
    const { text, checks } = historyCsv();
    const file = join(dir, 'history.csv');
    await writeFile(file, text);
    const megabytes = (await stat(file)).size / 2 ** 20;

    await sql`CREATE TABLE ${sql.id(schema, 'scratch')} (check_id text, time timestamptz,
      store_id text, customer_card text, sku text, quantity numeric, price_minor bigint,
      discount_minor bigint, paid_minor bigint)`.execute(db);
    let started = performance.now();
    const copy = await copyBaseline(admin, schema, file, text);
    const baselineSeconds = seconds(started);

    started = performance.now();
    const report = await importHistoryCsv(
      directHistory(db, systemActor, 'RU'),
      createReadStream(file),
      { outliers: defaultOutlierThresholds, accrue: false },
    );
    const importSeconds = seconds(started);
    const days = await db
      .selectFrom('customer_purchase_days')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();

    started = performance.now();
    const again = await importHistoryCsv(
      directHistory(db, systemActor, 'RU'),
      createReadStream(file),
      { outliers: defaultOutlierThresholds, accrue: false },
    );
    const rerunSeconds = seconds(started);
    return [
      '## History import',
      '',
      `${LINES.toLocaleString('en')} check lines (${checks.toLocaleString('en')} checks, ${megabytes.toFixed(0)} MB of CSV, 60% of checks by one of ${CUSTOMERS.toLocaleString('en')} cards) imported into PostgreSQL by \`importHistoryCsv\` (\`perk import purchases\` on a direct database).`,
      `Baseline: ${copy} of the same rows into a scratch table of the same columns, same run.`,
      '',
      '| step | seconds | lines/s | × baseline |',
      '|---|---:|---:|---:|',
      `| baseline: ${copy} | ${baselineSeconds.toFixed(1)} | ${rate(LINES, baselineSeconds)} | 1.0× |`,
      `| import (${report.created.toLocaleString('en')} checks created, ${report.outliers.length} outliers, ${report.rejected.length} rows rejected, ${days.n.toLocaleString('en')} customer-days) | ${importSeconds.toFixed(1)} | ${rate(LINES, importSeconds)} | ${(importSeconds / baselineSeconds).toFixed(1)}× |`,
      `| re-run (${again.alreadyStored.toLocaleString('en')} already there, ${again.created} created) | ${rerunSeconds.toFixed(1)} | ${rate(LINES, rerunSeconds)} | ${(rerunSeconds / baselineSeconds).toFixed(1)}× |`,
      '',
      `Target: 1 000 000 lines in ≤ 60 s — ${importSeconds <= 60 ? 'met' : 'NOT met'}.`,
      '',
    ].join('\n');
  } finally {
    await db.destroy();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `COPY … FROM` the file when the server can read it (the same machine); otherwise the client
 * sends the rows in `INSERT … SELECT unnest(…)` batches of 10 000. Answers which one ran.
 */
async function copyBaseline(
  admin: pg.Client,
  schema: string,
  file: string,
  text: string,
): Promise<string> {
  const table = `${schema}.scratch`;
  try {
    await admin.query(`COPY ${table} FROM '${file}' WITH (FORMAT csv, HEADER true)`);
    return 'server-side `COPY` of the file';
  } catch {
    const rows = text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((row) => row.split(','));
    for (let i = 0; i < rows.length; i += 10_000) {
      const batch = rows.slice(i, i + 10_000);
      const column = (n: number) => batch.map((r) => r[n] ?? '');
      await admin.query(
        `INSERT INTO ${table} SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[],
          $4::text[], $5::text[], $6::numeric[], $7::bigint[], $8::bigint[], $9::bigint[])`,
        [0, 1, 2, 3, 4, 5, 6, 7, 8].map(column),
      );
    }
    return 'client `INSERT … SELECT unnest` in batches of 10 000';
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runHistoryImportBench());
}
