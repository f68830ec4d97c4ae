import { pathToFileURL } from 'node:url';
import { createTestDatabase } from '../src/store/test-database.ts';
import { type StatementScenario, startStatementScenario } from './statement-scenario.ts';

/** Statements one request of each kind sends, on warm caches, with the SQL of each. */
export interface StatementCounts {
  kind: string;
  statements: readonly string[];
  /** Rows each statement answered, in order. */
  rows: readonly number[];
}

/**
 * Sends one request of each kind and records what it sent: an accrual-only commit, a redeeming
 * commit, a calculation, a return of the redeeming purchase; and a calculation for a customer
 * with `lots` open lots. A first commit and calculation warm the caches, as a node in service has.
 */
export async function countRequests(
  scenario: StatementScenario,
  lots = 1_000,
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
  const few = await scenario.newCustomer(0);
  await scenario.addLots(few, 1);
  const many = await scenario.newCustomer(0);
  await scenario.addLots(many, lots);
  const oneLot = ok(
    await scenario.send('POST', '/v1/carts/calculate', cart(scenario, few)),
    'calculate, one lot',
  );
  const manyLots = ok(
    await scenario.send('POST', '/v1/carts/calculate', cart(scenario, many)),
    'calculate, many lots',
  );
  const row = (
    kind: string,
    answer: { statements: readonly string[]; rows: readonly number[] },
  ) => ({
    kind,
    statements: answer.statements,
    rows: answer.rows,
  });
  return [
    row('accrual-only commit', accrual),
    row('redeeming commit', redeeming),
    row('calculate', calculate),
    row('return (whole redeeming purchase)', returned),
    row('calculate, customer with 1 open lot', oneLot),
    row(`calculate, customer with ${lots} open lots`, manyLots),
  ];
}

function cart(scenario: StatementScenario, customerId: string) {
  const { transactionId: _, ...body } = scenario.purchase(customerId, 0) as {
    transactionId: string;
  };
  return body;
}

/**
 * What a node reads by time, not per request: the ruleset's version (checked at most once a
 * second) and products its cache lacks or kept past the fallback check (an embedded database's
 * node keeps them a second; one that hears the change feed until a change).
 */
export const readByTime = (sql: string) =>
  sql.includes('ruleset_versions') || /FROM products WHERE sku = any/.test(sql);

/** Runs the count on PGlite in memory, or on the PostgreSQL of DATABASE_URL when set. */
export async function runStatementBench(verbose = false): Promise<string> {
  const url = process.env.DATABASE_URL;
  // A schema of its own on PostgreSQL (dropped after), or an in-memory PGlite.
  process.env.PERK_TEST_DRIVER = url ? 'postgres' : 'pglite';
  const database = await createTestDatabase();
  try {
    const scenario = await startStatementScenario(database.db);
    try {
      const counts = await countRequests(scenario);
      const rows = counts.map((c) => {
        const byTime = c.statements.filter(readByTime).length;
        const read = c.rows.reduce(
          (sum, n, i) => (readByTime(c.statements[i] ?? '') ? sum : sum + n),
          0,
        );
        return `| ${c.kind} | ${c.statements.length - byTime} | ${read} | ${byTime} |`;
      });
      const detail = verbose
        ? counts.flatMap((c) => ['', `### ${c.kind}`, '', ...c.statements.map((s) => `    ${s}`)])
        : [];
      return [
        '## SQL statements per request',
        '',
        `On ${url ? 'PostgreSQL' : 'PGlite'}, caches warm, BEGIN/COMMIT not counted; the case: a tier ` +
          'programme with automatic upgrades, a rule segment on the profile and one on purchases, ' +
          'a purchase-count campaign, a customer who bought before. Reproduce: ' +
          '`npx tsx bench/statements.ts [--verbose]` (PostgreSQL when DATABASE_URL is set).',
        '',
        '| request | statements | rows read | node cache reads by time (ruleset version, products) |',
        '|---|---|---|---|',
        ...rows,
        ...detail,
        '',
      ].join('\n');
    } finally {
      await scenario.close();
    }
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runStatementBench(process.argv.includes('--verbose')));
}
