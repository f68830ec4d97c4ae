import { existsSync, statfsSync } from 'node:fs';
import { type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import { commandLineActor } from '../src/access/actor.ts';
import { patchProgramSettings } from '../src/points/program-settings-store.ts';
import { recomputeSegments } from '../src/segments/recompute-segments.ts';
import { type Db, openDatabase } from '../src/store/database.ts';
import { type CalculateCase, seedCalculateCase } from './http-calculate.ts';
import { checkWholeBook, verify } from './scale-check.ts';
import { withoutSecondaryIndexes } from './scale-indexes.ts';

/** Customers a statement writes at a time. */
const CHUNK = 100_000;
/**
 * `PERK_BENCH_SCALE_REBUILD_INDEXES=1`: the bulk tables filled without their secondary indexes,
 * made again after from their own definitions (see `withoutSecondaryIndexes`). Off by default:
 * the 100 000 and 1 000 000 books were filled under every index, as tills would have.
 */
const REBUILD_INDEXES = process.env.PERK_BENCH_SCALE_REBUILD_INDEXES === '1';
const timeZone = 'Europe/Moscow';
const seconds = (start: number) => (performance.now() - start) / 1000;

/** What a kept book holds, written as the database's comment when it is complete. */
export interface BookInfo {
  customers: number;
  entries: number;
  generatedAt: string;
  seconds: number;
  /** Seconds of the segment walk (part of `seconds`). */
  walkSeconds: number;
  /** Share of customers whose four purchases are stored rows. */
  liveShare: string;
  /** Whether the bulk tables were filled without secondary indexes, made again after. */
  indexesRebuilt?: boolean;
  case: CalculateCase;
}

export interface Book {
  databaseUrl: string;
  name: string;
  info: BookInfo;
  /** False when the book was kept from an earlier run. */
  made: boolean;
}

/**
 * Opens the book of `customers` customers (database `perk_scale_<customers>`), generating it
 * when absent; a half-made one (no comment) is refused, to be dropped by hand.
 */
export async function openBook(url: string, customers: number): Promise<Book> {
  const name = `perk_scale_${customers}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ info: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS info FROM pg_database WHERE datname = $1`,
      [name],
    );
    const target = new URL(url);
    target.pathname = `/${name}`;
    const databaseUrl = target.toString();
    if (rows.length === 1) {
      const info = rows[0]?.info;
      if (!info) throw new Error(`${name} is half made: drop it and run again`);
      // Earlier runs committed purchases into it: the whole book is checked again (minutes at
      // millions of customers; PERK_BENCH_SCALE_RECHECK=0 skips it right after generating).
      if (process.env.PERK_BENCH_SCALE_RECHECK !== '0') {
        const db = openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
        try {
          await checkWholeBook(db);
        } finally {
          await db.destroy();
        }
      }
      return { databaseUrl, name, info: JSON.parse(info) as BookInfo, made: false };
    }
    await checkDiskRoom(admin, customers);
    await admin.query(`CREATE DATABASE "${name}"`);
    const db = openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 4 });
    try {
      const info = await generate(db, customers);
      await verify(db, customers);
      await admin.query(
        `COMMENT ON DATABASE "${name}" IS '${JSON.stringify(info).replaceAll("'", "''")}'`,
      );
      return { databaseUrl, name, info, made: true };
    } catch (error) {
      // Made by this run and not complete: dropped, so the next run starts it again.
      await db.destroy();
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      throw error;
    } finally {
      await db.destroy().catch(() => {});
    }
  } finally {
    await admin.end();
  }
}

/** Bytes a book takes per customer: 11 067 MiB for 1 000 000, measured 2026-12-07. */
const BYTES_PER_CUSTOMER = 11_700;
/** Disk a generation must leave free. */
const SPARE_BYTES = 20 * 2 ** 30;

/** A book the database's disk cannot hold: the bench says so instead of measuring. */
export class NoRoomForBook extends Error {}

/**
 * Refuses to start a book the database's disk cannot hold with 20 GiB to spare (10 000 000
 * customers need about 110 GiB). Skipped when the data directory is not on this machine.
 */
async function checkDiskRoom(admin: pg.Client, customers: number): Promise<void> {
  const { rows } = await admin.query<{ dir: string }>('SELECT current_setting($1) AS dir', [
    'data_directory',
  ]);
  const dir = rows[0]?.dir;
  if (!dir || !existsSync(dir)) return;
  const { bavail, bsize } = statfsSync(dir);
  const free = bavail * bsize;
  const needed = customers * BYTES_PER_CUSTOMER;
  if (needed > free - SPARE_BYTES)
    throw new NoRoomForBook(
      `a book of ${customers} customers takes about ${(needed / 2 ** 30).toFixed(0)} GiB; ${(free / 2 ** 30).toFixed(0)} GiB are free and 20 must stay so`,
    );
}

/** `statement` once per chunk of customers `first..last` (inclusive), logged. */
async function inChunks(
  db: Db,
  customers: number,
  label: string,
  statement: (first: number, last: number) => RawBuilder<unknown>,
): Promise<void> {
  const started = performance.now();
  for (let first = 0; first < customers; first += CHUNK) {
    const last = Math.min(customers, first + CHUNK) - 1;
    await statement(first, last).execute(db);
  }
  process.stderr.write(`  ${label}: ${seconds(started).toFixed(1)} s\n`);
}

/**
 * The programme of the HTTP calculate bench (100 promotions, 5 000 products, a tier programme,
 * two rule segments, a campaign) with points pending 14 days and expiring 12 months after, then
 * `customers` customers, each with a phone, a tier row and four purchases over 18 months whose
 * points the ledger holds exactly as Perk would have booked them (see the phases below); the
 * segment walk then gives the memberships by Perk's own code.
 */
async function generate(db: Db, customers: number): Promise<BookInfo> {
  const started = performance.now();
  const seeded = await seedCalculateCase(db);
  await patchProgramSettings(db, commandLineActor, {
    pendingDays: 14,
    expiry: { unit: 'months', count: 12 },
  });
  const posKeyId = (
    await sql<{ id: string }>`SELECT id FROM api_keys WHERE role = 'pos'`.execute(db)
  ).rows[0]?.id;
  if (!posKeyId) throw new Error('no till key');
  process.stderr.write(`generating ${customers.toLocaleString('en')} customers\n`);
  await plan(db, customers);
  const restoreIndexes = REBUILD_INDEXES ? await withoutSecondaryIndexes(db) : null;
  await writeCustomers(db, customers);
  await writeLedger(db, customers, posKeyId);
  await writeAggregates(db, customers);
  await sql`DROP TABLE scale_plan`.execute(db);
  if (restoreIndexes) {
    const indexStarted = performance.now();
    await restoreIndexes();
    process.stderr.write(`  secondary indexes made again: ${seconds(indexStarted).toFixed(1)} s\n`);
  }
  await sql`VACUUM ANALYZE`.execute(db);
  const walkStarted = performance.now();
  // Memberships by Perk's own walk (gender; dairy bought in 30 days), RFM with it.
  await recomputeSegments(db, new Date(), { force: true });
  const walkSeconds = seconds(walkStarted);
  process.stderr.write(`  segment walk: ${walkSeconds.toFixed(1)} s\n`);
  await sql`ANALYZE`.execute(db);
  const entries = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM points_entries`.execute(db)).rows[0]?.n,
  );
  return {
    customers,
    entries,
    generatedAt: new Date().toISOString(),
    seconds: seconds(started),
    walkSeconds,
    liveShare: '1/4',
    indexesRebuilt: REBUILD_INDEXES,
    case: { ...seeded, oneLot: [], manyLots: [] },
  };
}

/**
 * One row per customer with every instant and amount the phases write, in SQL from k alone.
 * Purchase i happens on local day D − offset (D: today in the programme's zone) between 08:00
 * and 22:00: purchase 1 560–501 days ago, 2 330–241, 3 110–51, 4 6–1. Its points activate at
 * the start of the 15th local day after (14 pending days) and expire 12 months after that, so
 * lot 1 expired before purchase 3, lot 2 was active at purchase 3, lot 3 at purchase 4, and
 * lot 4 is still pending (it activates 9–14 days after generation: the book stays valid that
 * long without a transition falling due).
 */
async function plan(db: Db, customers: number): Promise<void> {
  await sql`CREATE UNLOGGED TABLE scale_plan (
    k bigint NOT NULL, id uuid NOT NULL, live boolean NOT NULL, milk boolean NOT NULL,
    i int NOT NULL, pid uuid NOT NULL, at timestamptz NOT NULL, day date NOT NULL,
    paid bigint NOT NULL, points bigint NOT NULL, redeemed bigint NOT NULL,
    lot uuid NOT NULL, redeemed_lot uuid, activates timestamptz NOT NULL,
    expires timestamptz NOT NULL, prev_points bigint NOT NULL)`.execute(db);
  const today = sql`(now() AT TIME ZONE ${timeZone})::date`;
  await inChunks(
    db,
    customers,
    'plan',
    (first, last) => sql`
      INSERT INTO scale_plan (k, id, live, milk, i, pid, at, day, paid, points, redeemed,
        lot, redeemed_lot, activates, expires, prev_points)
      SELECT k, md5('c' || k)::uuid, k % 4 = 0, k % 3 = 0, i,
        md5('p' || k || '-' || i)::uuid,
        (d + make_interval(secs => 28800 + (k * 37 + i * 911) % 50400)) AT TIME ZONE ${timeZone},
        d, paid, paid / 2000,
        CASE i WHEN 3 THEN prev_paid / 2000 WHEN 4 THEN prev_paid / 2000 / 2 ELSE 0 END,
        md5('l' || k || '-' || i)::uuid,
        CASE WHEN i >= 3 THEN md5('l' || k || '-' || (i - 1))::uuid END,
        (d + 15)::timestamp AT TIME ZONE ${timeZone},
        ((d + 15) + interval '12 months')::date::timestamp AT TIME ZONE ${timeZone},
        prev_paid / 2000
      FROM generate_series(${first}::bigint, ${last}) AS k
      CROSS JOIN generate_series(1, 4) AS i
      CROSS JOIN LATERAL (SELECT
        ${today} - CASE i WHEN 1 THEN 560 - k % 60 WHEN 2 THEN 330 - k % 90
          WHEN 3 THEN 110 - k % 60 ELSE 6 - k % 6 END::int AS d,
        30000 + (k * 7919 + i * 104729) % 470000 AS paid,
        30000 + (k * 7919 + (i - 1) * 104729) % 470000 AS prev_paid) AS x`,
  );
  await sql`CREATE INDEX scale_plan_k ON scale_plan (i, k)`.execute(db);
  await sql`ANALYZE scale_plan`.execute(db);
}

async function writeCustomers(db: Db, customers: number): Promise<void> {
  await inChunks(
    db,
    customers,
    'customers, phones, tiers',
    (first, last) => sql`
      WITH c AS (
        INSERT INTO customers (id, first_name, gender, created_at, updated_at)
        SELECT id, 'C' || k, CASE WHEN k % 2 = 0 THEN 'female' ELSE 'male' END, at, at
        FROM scale_plan WHERE i = 1 AND k BETWEEN ${first} AND ${last} ORDER BY k
      ),
      phones AS (
        INSERT INTO customer_identifiers (kind, value, customer_id, created_at)
        SELECT 'phone', '+79' || lpad(k::text, 9, '0'), id, at
        FROM scale_plan WHERE i = 1 AND k BETWEEN ${first} AND ${last})
      INSERT INTO customer_tiers (customer_id, tier_id, since, updated_at)
      SELECT id, 'base', at, at FROM scale_plan WHERE i = 1 AND k BETWEEN ${first} AND ${last}
`,
  );
}

/**
 * The ledger in business-time order, phase by phase over every customer (so a customer's rows
 * lie far apart in the tables, as years of tills leave them): each purchase i books an `accrue`
 * operation, its lot and an `accrual_pending` entry; the job's `activation` entry follows at the
 * lot's activation, lot 1's `expiry` at its expiry (it was never spent); purchase 3 redeems all
 * of lot 2 and purchase 4 half of lot 3 (a `redeem` operation, a `redemption` entry each, FIFO:
 * the oldest live lot). Lots are written once, in the state their later entries leave them. Ten
 * entries and six operations a customer; a quarter of the customers (k divisible by 4) have
 * their purchases as stored rows (one line each), the others only their ledger and aggregates.
 */
async function writeLedger(db: Db, customers: number, posKeyId: string): Promise<void> {
  const phase = (label: string, statement: (range: RawBuilder<unknown>) => RawBuilder<unknown>) =>
    inChunks(db, customers, label, (first, last) => statement(sql`k BETWEEN ${first} AND ${last}`));
  const purchase = (i: number) =>
    phase(`purchase ${i}`, (range) => {
      const balanceAfterRedeem =
        i === 3
          ? sql`json_build_object('active', 0, 'pending', 0, 'debt', 0)`
          : sql`json_build_object('active', prev_points - redeemed, 'pending', 0, 'debt', 0)`;
      const balanceAfterAccrue =
        i === 1
          ? sql`json_build_object('active', 0, 'pending', points, 'debt', 0)`
          : i === 2
            ? sql`json_build_object('active', prev_points, 'pending', points, 'debt', 0)`
            : i === 3
              ? sql`json_build_object('active', 0, 'pending', points, 'debt', 0)`
              : sql`json_build_object('active', prev_points - redeemed, 'pending', points, 'debt', 0)`;
      return sql`
        WITH p AS (SELECT * FROM scale_plan WHERE i = ${sql.lit(i)} AND ${range}),
        ops AS (
          INSERT INTO points_operations (key, kind, customer_id, input_hash, result, created_at)
          SELECT 'purchase:' || pid || ':redeem', 'redeem', id,
            encode(sha256(convert_to('redeem' || pid, 'UTF8')), 'hex'),
            json_build_object('draws', json_build_array(json_build_object('lotId', redeemed_lot,
              'points', redeemed)), 'points', redeemed, 'balance', ${balanceAfterRedeem}), at
          FROM p WHERE redeemed > 0
          UNION ALL
          SELECT 'purchase:' || pid || ':accrue', 'accrue', id,
            encode(sha256(convert_to('accrue' || pid, 'UTF8')), 'hex'),
            json_build_object('lot', json_build_object('lotId', lot, 'points', points,
              'activatesAt', (extract(epoch FROM activates) * 1000)::bigint,
              'expiresAt', (extract(epoch FROM expires) * 1000)::bigint),
              'balance', ${balanceAfterAccrue}), at
          FROM p),
        lots AS (
          INSERT INTO points_lots (id, customer_id, source, purchase_id, earned_at, activates_at,
            expires_at, amount, remaining, activated, operation_key, created_at)
          SELECT lot, id, 'purchase', pid, at, activates, expires, points,
            CASE ${sql.lit(i)} WHEN 1 THEN 0 WHEN 2 THEN 0 WHEN 3 THEN points - points / 2 ELSE points END,
            ${sql.lit(i < 4)}, 'purchase:' || pid || ':accrue', at
          FROM p)
        INSERT INTO points_entries (customer_id, kind, from_account, to_account, points,
          effective_at, created_at, lot_id, purchase_id, operation_key)
        SELECT id, kind, from_account, to_account, amount, at, at, lot_id, pid, key
        FROM (
          SELECT k, 0 AS n, id, 'redemption' AS kind, 'active' AS from_account,
            'world' AS to_account, redeemed AS amount, at, redeemed_lot AS lot_id, pid,
            'purchase:' || pid || ':redeem' AS key
          FROM p WHERE redeemed > 0
          UNION ALL
          SELECT k, 1, id, 'accrual_pending', 'world', 'pending', points, at, lot, pid,
            'purchase:' || pid || ':accrue'
          FROM p) AS e
        ORDER BY k, n`;
    });
  const stored = (i: number) =>
    phase(`purchase ${i} rows`, (range) => {
      return sql`
        WITH p AS (SELECT * FROM scale_plan WHERE i = ${sql.lit(i)} AND live AND ${range}),
        rows AS (
          INSERT INTO purchases (id, integration_key_id, transaction_id, request_hash,
            customer_id, store_id, business_at, subtotal_minor, discount_minor, total_minor,
            redeemed_points, redeemed_money_minor, paid_minor, accrued_points, ruleset_version,
            calculation, response, created_at)
          SELECT pid, ${posKeyId}::uuid, 'G' || k || '-' || i, md5(pid::text), id, 'msk', at,
            paid + redeemed * 100, 0, paid + redeemed * 100, redeemed, redeemed * 100, paid,
            points, '0', '{}', '{}', at
          FROM p ORDER BY k)
        INSERT INTO purchase_lines (purchase_id, line_no, line_id, sku, weighted, quantity,
          unit_price_minor, total_minor, discount_minor, redeemed_points, redeemed_money_minor,
          paid_minor, accrued_points)
        SELECT pid, 1, '1', CASE WHEN ${sql.lit(i === 4)} AND milk THEN 'MILK' ELSE 'BREAD' END, false, 1,
          paid + redeemed * 100, paid + redeemed * 100, 0, redeemed, redeemed * 100, paid, points
        FROM p`;
    });
  const activation = (i: number) =>
    phase(`lot ${i} activation`, (range) => {
      return sql`
        INSERT INTO points_entries (customer_id, kind, from_account, to_account, points,
          effective_at, created_at, lot_id)
        SELECT id, 'activation', 'pending', 'active', points, activates, activates, lot
        FROM scale_plan WHERE i = ${sql.lit(i)} AND ${range} ORDER BY k`;
    });
  await purchase(1);
  await stored(1);
  await activation(1);
  await purchase(2);
  await stored(2);
  await activation(2);
  await phase('lot 1 expiry', (range) => {
    return sql`
      INSERT INTO points_entries (customer_id, kind, from_account, to_account, points,
        effective_at, created_at, lot_id)
      SELECT id, 'expiry', 'active', 'world', points, expires, expires, lot
      FROM scale_plan WHERE i = 1 AND ${range} ORDER BY k`;
  });
  await purchase(3);
  await stored(3);
  await activation(3);
  await purchase(4);
  await stored(4);
  await phase('accounts', (range) => {
    return sql`
      INSERT INTO points_accounts (customer_id, active, pending, debt, updated_at)
      SELECT id, prev_points - redeemed, points, 0, at
      FROM scale_plan WHERE i = 4 AND ${range} ORDER BY k`;
  });
}

/**
 * What the purchases leave for segments and tiers, for every customer (stored rows or not):
 * a purchase day each (its triggers keep the running totals), the SKUs bought with their last
 * day, and the campaign's progress for the customers whose purchases are stored.
 */
async function writeAggregates(db: Db, customers: number): Promise<void> {
  await inChunks(
    db,
    customers,
    'purchase days, SKUs, campaign progress',
    (first, last) => sql`
      WITH p AS (SELECT * FROM scale_plan WHERE k BETWEEN ${first} AND ${last}),
      days AS (
        INSERT INTO customer_purchase_days (customer_id, day, spent_minor, purchase_count)
        SELECT id, day, paid, 1 FROM p ORDER BY k, i),
      skus AS (
        INSERT INTO customer_skus (customer_id, sku, last_day)
        SELECT id, CASE WHEN i = 4 AND milk THEN 'MILK' ELSE 'BREAD' END, max(day)
        FROM p GROUP BY k, id, 2)
      INSERT INTO campaign_progress (campaign_id, customer_id, purchase_ids, updated_at)
      SELECT 'ten-checks', id, array_agg(pid::text ORDER BY i), max(at)
      FROM p WHERE live GROUP BY k, id`,
  );
}
