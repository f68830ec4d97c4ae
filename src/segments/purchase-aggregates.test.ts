import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../api/test-server.ts';
import { loadFacts } from './load-facts.ts';
import { segmentIdsFor } from './memberships.ts';
import { onPurchaseChanged, refreshCustomerSegments } from './on-purchase-changed.ts';
import { buy, giveBack, newCustomer, startSegmentServer } from './segment-test-kit.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startSegmentServer();
  const rule = (value: object) => JSON.stringify(value);
  await server.db
    .insertInto('segments')
    .values([
      {
        id: 'today',
        name: 'Bought today',
        kind: 'rule',
        rule: rule({ kind: 'purchaseCount', days: 1, min: 1 }),
      },
      {
        id: 'milk',
        name: 'Dairy lovers',
        kind: 'rule',
        rule: rule({ kind: 'boughtCategory', categoryId: 'dairy' }),
      },
    ])
    .execute();
});
afterAll(() => server.close());

const days = async (customerId: string) =>
  (await loadFacts(server.db, [customerId]))
    .get(customerId)
    ?.days.toSorted((a, b) => (a.day < b.day ? -1 : 1));

describe('aggregates per day in the programme zone (Europe/Moscow)', () => {
  it('a purchase at 23:59:59 is on its day, one at 00:00:00 on the next; windows end at midnight', async () => {
    const anna = await newCustomer(server);
    await buy(server, anna, '2025-01-31T20:59:59Z', [['TV', 100_000]]);
    await buy(server, anna, '2025-01-31T21:00:00Z', [['TV', 70_000]]);
    expect(await days(anna)).toEqual([
      { day: '2025-01-31', spentMinor: 100_000, purchaseCount: 1 },
      { day: '2025-02-01', spentMinor: 70_000, purchaseCount: 1 },
    ]);
    expect(await segmentIdsFor(server.db, anna)).toEqual(['today']);
    // 23:59:59 on 1 February in Moscow: still today; one second later, a new day.
    await refreshCustomerSegments(server.db, anna, new Date('2025-02-01T20:59:59Z'));
    expect(await segmentIdsFor(server.db, anna)).toEqual(['today']);
    await refreshCustomerSegments(server.db, anna, new Date('2025-02-01T21:00:00Z'));
    expect(await segmentIdsFor(server.db, anna)).toEqual([]);
  });

  it('a return lowers the spend of the purchase day; returning every unit forgets the SKU', async () => {
    const boris = await newCustomer(server);
    const at = '2025-03-01T09:00:00Z';
    const purchase = await buy(server, boris, at, [
      ['MILK', 9_900, 2],
      ['TV', 50_000],
    ]);
    expect(await segmentIdsFor(server.db, boris)).toEqual(['milk', 'today']);
    await giveBack(server, boris, purchase, '1', 1, '2025-03-02T09:00:00Z');
    expect(await days(boris)).toEqual([
      { day: '2025-03-01', spentMinor: 59_900, purchaseCount: 1 },
    ]);
    expect(await segmentIdsFor(server.db, boris)).toEqual(['milk']);
    await giveBack(server, boris, purchase, '1', 1, '2025-03-02T10:00:00Z');
    const facts = (await loadFacts(server.db, [boris])).get(boris);
    expect(facts?.skus.map((s) => s.sku)).toEqual(['TV']);
    expect(facts?.days).toEqual([{ day: '2025-03-01', spentMinor: 50_000, purchaseCount: 1 }]);
    expect(await segmentIdsFor(server.db, boris)).toEqual([]);
  });

  it('a cancelled purchase counts nowhere', async () => {
    const vera = await newCustomer(server);
    const purchase = await buy(server, vera, '2025-03-05T09:00:00Z', [['MILK', 9_900]]);
    const cancel = await server.call('POST', `/v1/purchases/${purchase}/cancel`, {
      key: server.keys.pos,
      body: { at: '2025-03-05T10:00:00Z' },
    });
    expect(cancel.status).toBe(201);
    await onPurchaseChanged(server.db, {
      customerId: vera,
      purchaseId: purchase,
      now: new Date('2025-03-05T10:00:00Z'),
    });
    expect(await days(vera)).toEqual([]);
    expect((await loadFacts(server.db, [vera])).get(vera)?.skus).toEqual([]);
    expect(await segmentIdsFor(server.db, vera)).toEqual([]);
  });

  it('bought a parent category through the product category lineage', async () => {
    const gleb = await newCustomer(server);
    await buy(server, gleb, '2025-03-06T09:00:00Z', [['MILK', 9_900]]);
    const facts = (await loadFacts(server.db, [gleb])).get(gleb);
    expect(facts?.skus.map((s) => [s.sku, [...s.categories].sort(), s.brand])).toEqual([
      ['MILK', ['dairy', 'milk'], 'Cow'],
    ]);
  });
});
