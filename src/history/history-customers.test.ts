import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { loadFacts } from '../segments/load-facts.ts';
import { tierMetric } from '../tiers/tier-metric.ts';
import type { TierProgram } from '../tiers/tier-program.ts';

let server: TestServer;
const customer = async (card: string) =>
  (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: card }] },
    })
  ).body.id as string;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'Tverskaya', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
});
afterAll(() => server.close());

const check = (checkId: string, card: string, at: string, paidMinor: number, sku = 'MILK') => ({
  checkId,
  at,
  storeId: 'msk',
  customer: { card },
  sku,
  quantityMilli: 1000,
  priceMinor: paidMinor,
  paidMinor,
});

describe('imported history and the customer', () => {
  it('counts in the tier metric over its window, outliers left out', async () => {
    const id = await customer('TIER-1');
    const answer = await server.call('POST', '/v1/history/checks', {
      body: {
        lines: [
          check('T-1', 'TIER-1', '2024-01-10T10:00:00Z', 400_000),
          check('T-2', 'TIER-1', '2024-06-10T10:00:00Z', 700_000),
          check('T-3', 'TIER-1', '2024-06-11T10:00:00Z', 20_000_000),
        ],
      },
    });
    expect(answer.body.outliers.map((o: { checkId: string }) => o.checkId)).toEqual(['T-3']);
    const at = Date.parse('2024-12-31T00:00:00Z');
    const spent = { metric: 'spent_minor' } as TierProgram;
    const visits = { metric: 'purchase_count' } as TierProgram;
    expect(await tierMetric(server.db, spent, id, { after: null, at })).toBe(1_100_000);
    const sinceMarch = { after: Date.parse('2024-03-01T00:00:00Z'), at };
    expect(await tierMetric(server.db, spent, id, sinceMarch)).toBe(700_000);
    expect(await tierMetric(server.db, visits, id, { after: null, at })).toBe(2);
  });

  it('follows a merge: the survivor holds the checks and their days and SKUs', async () => {
    const survivor = await customer('MERGE-1');
    const merged = await customer('MERGE-2');
    await server.call('POST', '/v1/history/checks', {
      body: {
        lines: [
          check('M-1', 'MERGE-2', '2024-05-01T10:00:00+03:00', 5_000, 'BREAD'),
          check('M-2', 'MERGE-2', '2024-05-02T10:00:00+03:00', 7_000),
        ],
      },
    });
    const merge = await server.call('POST', `/v1/customers/${survivor}/merge`, {
      body: { mergedId: merged },
    });
    expect(merge.status).toBe(200);
    const owners = await server.db
      .selectFrom('history_checks')
      .select(['check_id', 'customer_id'])
      .where('check_id', 'in', ['M-1', 'M-2'])
      .orderBy('check_id')
      .execute();
    expect(owners).toEqual([
      { check_id: 'M-1', customer_id: survivor },
      { check_id: 'M-2', customer_id: survivor },
    ]);
    const facts = (await loadFacts(server.db, [survivor])).get(survivor);
    expect(facts?.days.toSorted((a, b) => (a.day < b.day ? -1 : 1))).toEqual([
      { day: '2024-05-01', spentMinor: 5_000, purchaseCount: 1 },
      { day: '2024-05-02', spentMinor: 7_000, purchaseCount: 1 },
    ]);
    expect(facts?.skus.map((s) => [s.sku, s.lastDay]).sort()).toEqual([
      ['BREAD', '2024-05-01'],
      ['MILK', '2024-05-02'],
    ]);
    const left = await server.db
      .selectFrom('customer_purchase_days')
      .select('day')
      .where('customer_id', '=', merged)
      .execute();
    expect(left).toEqual([]);
  });
});
