import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { commandLineActor } from '../src/access/actor.ts';
import { memoryLimiters } from '../src/api/lookup-limiters.ts';
import { directProductFacts } from '../src/catalogue/product-facts-cache.ts';
import { defaultFutureToleranceSeconds, readConfig } from '../src/config.ts';
import { createCustomer } from '../src/customers/create-customer.ts';
import { composeHandlers } from '../src/handlers.ts';
import { adjustPoints } from '../src/points/adjust-points.ts';
import { putProgramSettings } from '../src/points/program-settings-store.ts';
import { ProgrammeCache } from '../src/programme/programme-cache.ts';
import { RulesetCache } from '../src/promotions/ruleset-cache.ts';
import { type CommitDeps, commitPurchase } from '../src/purchases/commit-purchase.ts';
import { type Db, openDatabase } from '../src/store/database.ts';
import { KeyedQueue } from '../src/store/keyed-queue.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { StoreCache } from '../src/stores/store-cache.ts';
import { putStore } from '../src/stores/stores.ts';

// Committed purchases per second with concurrent clients, against a pgbench-style baseline on
// the same database in the same run: a transaction of one UPDATE and one INSERT.
const SECONDS = 5;
const CLIENTS = 16;
const CUSTOMERS = 400;

async function forSeconds(
  clients: number,
  work: (client: number, i: number) => Promise<void>,
): Promise<number> {
  let done = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; Date.now() < until; i++) {
        await work(client, i);
        done++;
      }
    }),
  );
  return done / SECONDS;
}

async function prepare(db: Db): Promise<string[]> {
  await migrateToLatest(db);
  await putStore(db, commandLineActor, 'msk', {
    name: 'msk',
    region: 'RU',
    timeZone: 'Europe/Moscow',
    channel: 'pos',
  });
  await putProgramSettings(db, commandLineActor, {
    pendingDays: 0,
    accrualRateBp: 500,
    maxRedemptionShareBp: 5000,
  });
  const ids: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const { customer } = await createCustomer(
      db,
      commandLineActor,
      { identifiers: [{ kind: 'card', value: `BENCH${i}` }] },
      { defaultCountry: 'RU', now: new Date() },
    );
    await db.transaction().execute((trx) =>
      adjustPoints(trx, commandLineActor, {
        operationId: `bench-${i}`,
        customerId: customer.id,
        points: 1_000_000,
        reason: 'bench',
        now: Date.now(),
      }),
    );
    ids.push(customer.id);
  }
  await sql`CREATE TABLE bench_accounts (id int PRIMARY KEY, balance bigint NOT NULL)`.execute(db);
  await sql`CREATE TABLE bench_history (id bigint GENERATED ALWAYS AS IDENTITY, account int, delta int, at timestamptz DEFAULT now())`.execute(
    db,
  );
  await sql`INSERT INTO bench_accounts SELECT g, 0 FROM generate_series(1, ${CUSTOMERS}) g`.execute(
    db,
  );
  return ids;
}

async function measure(db: Db, clients: number, customers: readonly string[]) {
  const baseline = await forSeconds(clients, (client, i) =>
    db.transaction().execute(async (trx) => {
      const account = ((client * 7919 + i) % CUSTOMERS) + 1;
      await sql`UPDATE bench_accounts SET balance = balance + 1 WHERE id = ${account}`.execute(trx);
      await sql`INSERT INTO bench_history (account, delta) VALUES (${account}, 1)`.execute(trx);
    }),
  );
  const limiters = memoryLimiters();
  const deps: CommitDeps = {
    db,
    rulesets: new RulesetCache(db),
    stores: new StoreCache(db),
    programme: new ProgrammeCache(db),
    handlers: composeHandlers(limiters).purchase,
    defaultCountry: 'RU',
    now: () => new Date(),
    futureToleranceMs: defaultFutureToleranceSeconds * 1000,
    couponLookups: limiters.couponLookups,
    productFacts: directProductFacts(db),
    customerTurns: new KeyedQueue(),
  };
  const actor = {
    keyId: '00000000-0000-0000-0000-00000000be0c',
    name: 'bench',
    role: 'pos' as const,
  };
  const commits = await forSeconds(clients, async (client, i) => {
    const customerId = customers[(client * 7919 + i) % customers.length] as string;
    await commitPurchase(
      deps,
      actor,
      {
        storeId: 'msk',
        transactionId: `c${client}-${i}`,
        customer: { id: customerId },
        redeemPoints: 10,
        lines: [
          { lineId: '1', sku: 'MILK', unitPriceMinor: 8_990, quantity: 2 },
          { lineId: '2', sku: 'BREAD', unitPriceMinor: 4_500, quantity: 1 },
          { lineId: '3', sku: 'CHEESE', unitPriceMinor: 54_900, quantity: 1 },
        ],
      },
      { now: () => new Date() },
    );
  });
  return { baseline, commits };
}

function row(
  label: string,
  clients: number,
  result: { baseline: number; commits: number },
): string {
  const ratio = result.commits / result.baseline;
  return `| ${label} | ${clients} | ${result.commits.toFixed(0)} | ${result.baseline.toFixed(0)} | ${ratio.toFixed(3)} |`;
}

/** Runs the ledger benchmark on PostgreSQL (a database it creates and drops) and on PGlite. */
export async function runLedgerBench(): Promise<string> {
  const rows: string[] = [];
  const url = readConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `perk_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    const db = openDatabase({ kind: 'postgres', url: target.toString(), poolSize: CLIENTS });
    try {
      rows.push(row('PostgreSQL', CLIENTS, await measure(db, CLIENTS, await prepare(db))));
    } finally {
      await db.destroy();
    }
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
  const embedded = openDatabase({ kind: 'pglite', dataDir: null });
  try {
    rows.push(
      row(
        'PGlite (in memory, one connection)',
        CLIENTS,
        await measure(embedded, CLIENTS, await prepare(embedded)),
      ),
    );
  } finally {
    await embedded.destroy();
  }
  return [
    '## Ledger: committed purchases',
    '',
    `Each commit prices a 3-line cart, redeems 10 points and accrues 5%, with ${CUSTOMERS} customers, for ${SECONDS} s per measurement. Baseline: a transaction of one UPDATE and one INSERT on the same database, same clients. Ratio = commits/s ÷ baseline tx/s.`,
    '',
    '| storage | clients | commits/s | baseline tx/s | ratio |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runLedgerBench());
