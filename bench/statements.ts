import { pathToFileURL } from 'node:url';
import { type Db, openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { type StatementScenario, startStatementScenario } from './statement-scenario.ts';

/** Statements one request of each kind sends, on warm caches, with the SQL of each. */
export interface StatementCounts {
  kind: string;
  statements: readonly string[];
}

/**
 * Sends one request of each kind and records what it sent: an accrual-only commit, a redeeming
 * commit, a calculation, a return of the redeeming purchase; and a calculation for a customer
 * with `lots` open lots. A first commit and calculation warm the caches, as a node in service has.
 */
export async function countRequests(
  scenario: StatementScenario,
  lots = 5,
): Promise<StatementCounts[]> {
  const ok = <T extends { status: number; body: unknown }>(answer: T, kind: string): T => {
    if (answer.status >= 300) throw new Error(`${kind}: ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const warm = await scenario.newCustomer(10_000);
  ok(await scenario.send('POST', '/v1/purchases', scenario.purchase(warm, 100)), 'warm-up');
  ok(await scenario.send('POST', '/v1/carts/calculate', cart(scenario, warm)), 'warm-up');
  const customer = await scenario.newCustomer(10_000);
  // A customer who has bought before (its tier row, aggregates and progress exist), as most are.
  ok(
    await scenario.send('POST', '/v1/purchases', scenario.purchase(customer, 0)),
    'first purchase',
  );
  const accrual = ok(
    await scenario.send('POST', '/v1/purchases', scenario.purchase(customer, 0)),
    'accrual-only commit',
  );
  const redeeming = ok(
    await scenario.send('POST', '/v1/purchases', scenario.purchase(customer, 300)),
    'redeeming commit',
  );
  const calculate = ok(
    await scenario.send('POST', '/v1/carts/calculate', cart(scenario, customer)),
    'calculate',
  );
  const returned = ok(
    await scenario.send('POST', `/v1/purchases/${redeeming.body.purchaseId}/returns`, {
      returnId: `return-${redeeming.body.purchaseId}`,
      lines: [
        { lineId: '1', quantity: 2 },
        { lineId: '2', quantity: 1 },
        { lineId: '3', quantity: 1 },
      ],
    }),
    'return',
  );
  const many = await scenario.newCustomer(0);
  await scenario.addLots(many, lots);
  const manyLots = ok(
    await scenario.send('POST', '/v1/carts/calculate', cart(scenario, many)),
    'calculate, many lots',
  );
  return [
    { kind: 'accrual-only commit', statements: accrual.statements },
    { kind: 'redeeming commit', statements: redeeming.statements },
    { kind: 'calculate', statements: calculate.statements },
    { kind: 'return (whole redeeming purchase)', statements: returned.statements },
    { kind: `calculate, customer with ${lots} open lots`, statements: manyLots.statements },
  ];
}

function cart(scenario: StatementScenario, customerId: string) {
  const { transactionId: _, ...body } = scenario.purchase(customerId, 0) as {
    transactionId: string;
  };
  return body;
}

/** Runs the count on PGlite in memory, or on the PostgreSQL of DATABASE_URL when set. */
export async function runStatementBench(verbose = false): Promise<string> {
  const url = process.env.DATABASE_URL;
  const db: Db = url
    ? openDatabase({ kind: 'postgres', url })
    : openDatabase({ kind: 'pglite', dataDir: null });
  try {
    await migrateToLatest(db);
    const scenario = await startStatementScenario(db);
    try {
      const counts = await countRequests(scenario);
      const rows = counts.map((c) => `| ${c.kind} | ${c.statements.length} |`);
      const detail = verbose
        ? counts.flatMap((c) => ['', `### ${c.kind}`, '', ...c.statements.map((s) => `    ${s}`)])
        : [];
      return [
        '## SQL statements per request',
        '',
        `On ${url ? 'PostgreSQL' : 'PGlite'}, caches warm, BEGIN/COMMIT not counted.`,
        '',
        '| request | statements |',
        '|---|---|',
        ...rows,
        ...detail,
        '',
      ].join('\n');
    } finally {
      await scenario.close();
    }
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runStatementBench(process.argv.includes('--verbose')));
}
