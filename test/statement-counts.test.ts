import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StatementScenario, startStatementScenario } from '../bench/statement-scenario.ts';
import { countRequests, readByTime, type StatementCounts } from '../bench/statements.ts';
import { createTestDatabase, type TestDatabase } from '../src/store/test-database.ts';

// The case (a tier programme, a rule segment on the profile and one on purchases, a
// purchase-count campaign), each request sent through HTTP and its statements counted.
let database: TestDatabase;
let scenario: StatementScenario;
let counts: Map<string, StatementCounts>;
beforeAll(async () => {
  database = await createTestDatabase();
  scenario = await startStatementScenario(database.db);
  counts = new Map((await countRequests(scenario, 1_000)).map((c) => [c.kind, c]));
}, 180_000);
afterAll(async () => {
  await scenario.close();
  await database.close();
});

// The ruleset's version and the products a node keeps are read by time: a request may or may
// not pay for them.
const counted = (kind: string) =>
  (counts.get(kind)?.statements ?? []).filter((sql) => !readByTime(sql));
const rowsRead = (kind: string) => {
  const { statements = [], rows = [] } = counts.get(kind) ?? {};
  return rows.reduce((sum, n, i) => (readByTime(statements[i] ?? '') ? sum : sum + n), 0);
};

describe('statements per request', () => {
  // The outbox's events travel in the purchase row's statement (bench/RESULTS.md).
  it('a commit sends at most 12, redeeming or not, its events included', () => {
    for (const kind of ['accrual-only commit', 'redeeming commit']) {
      const statements = counted(kind);
      expect(statements.length).toBeLessThanOrEqual(12);
      const events = statements.filter((sql) => /insert into "domain_events"/.test(sql));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatch(/insert into "purchases"/);
    }
  });

  it('the account is locked once per commit and the purchase row written once', () => {
    for (const kind of ['accrual-only commit', 'redeeming commit']) {
      const statements = counted(kind);
      expect(
        statements.filter((sql) => /FROM points_accounts[\s\S]*FOR UPDATE/.test(sql)),
      ).toHaveLength(1);
      expect(statements.filter((sql) => /insert into "purchases"/.test(sql))).toHaveLength(1);
      expect(statements.filter((sql) => /update "purchases"/.test(sql))).toHaveLength(0);
      expect(statements.filter((sql) => /update "points_operations"/i.test(sql))).toHaveLength(0);
    }
  });

  it('a calculation sends 1: the customer with their points (products come from the node)', () => {
    expect(counted('calculate')).toHaveLength(1);
  });

  it('a calculation for a customer with 1 000 open lots reads what one with 1 lot does', () => {
    const one = 'calculate, customer with 1 open lot';
    const many = 'calculate, customer with 1000 open lots';
    // Reads run side by side, so their order varies.
    expect([...counted(many)].sort()).toEqual([...counted(one)].sort());
    expect(rowsRead(many)).toBe(rowsRead(one));
  });
});
